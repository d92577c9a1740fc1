import { shannonEntropy } from '../engine/entropy';
import { isIdentifier, isPlaceholder } from '../engine/placeholder';
import { ValueCondition } from '../packs/types';
import { Value } from '../syntax/jsFacts';
import { compileRegex } from '../packs/regex';

/** A compiled `ValueCondition`: true when a string or boolean value (bound to `name`) satisfies it. */
export type ValueTest = (value: string | boolean, name?: string) => boolean;

export function compileValueCondition(condition: ValueCondition): ValueTest {
  if (condition.type === 'boolean') return (v) => v === condition.equals;
  const pattern = condition.pattern === undefined ? undefined : compileRegex(condition.pattern, condition.flags ?? 'i');
  const ignore = (condition.ignore ?? []).map((p) => compileRegex(p, 'i'));
  const minLength = condition.minLength ?? 0;
  return (v, name) => {
    if (typeof v !== 'string') return false;
    if (v.length < minLength) return false;
    if (pattern && !pattern.test(v)) return false;
    if (condition.minEntropy !== undefined && shannonEntropy(v) < condition.minEntropy) return false;
    if (condition.rejectPlaceholders && isPlaceholder(v, name)) return false;
    if (condition.rejectIdentifiers && isIdentifier(v)) return false;
    return !ignore.some((re) => re.test(v));
  };
}

export function testValue(test: ValueTest, value: Value, name?: string): boolean {
  if (value.kind === 'string' || value.kind === 'boolean') return test(value.value, name);
  return false;
}

/** Text of a value for messages. */
export function valueText(value: Value): string {
  return value.kind === 'string' || value.kind === 'boolean' ? String(value.value) : '';
}

/** The value at a dotted property path inside an object value (`auth.pass`). */
export function valueAtPath(value: Value, path: string | undefined): Value | undefined {
  if (!path) return value;
  let current: Value | undefined = value;
  for (const key of path.split('.')) {
    if (current?.kind !== 'object') return undefined;
    current = current.properties.get(key);
  }
  return current;
}
