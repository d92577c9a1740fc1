import { ValueCondition } from '../packs/types';
import { Value } from '../syntax/jsFacts';
import { compileRegex } from '../packs/regex';

/** A compiled `ValueCondition`: true when a string or boolean value satisfies it. */
export type ValueTest = (value: string | boolean) => boolean;

export function compileValueCondition(condition: ValueCondition): ValueTest {
  if (condition.type === 'boolean') return (v) => v === condition.equals;
  const pattern = condition.pattern === undefined ? undefined : compileRegex(condition.pattern, condition.flags ?? 'i');
  const ignore = (condition.ignore ?? []).map((p) => compileRegex(p, 'i'));
  const minLength = condition.minLength ?? 0;
  return (v) => {
    if (typeof v !== 'string') return false;
    if (v.length < minLength) return false;
    if (pattern && !pattern.test(v)) return false;
    return !ignore.some((re) => re.test(v));
  };
}

export function testValue(test: ValueTest, value: Value): boolean {
  if (value.kind === 'string' || value.kind === 'boolean') return test(value.value);
  return false;
}

/** Text of a value for messages. */
export function valueText(value: Value): string {
  return value.kind === 'other' ? '' : String(value.value);
}
