import { shannonEntropy } from './entropy';
import { isIdentifier, isPlaceholder } from '../engine/placeholder';
import { ValueCondition } from './spec';
import { Value } from '../syntax/jsFacts';
import { compileRegex } from '../engine/regex';

/** A compiled `ValueCondition`: true when a value (bound to `name`) satisfies it. */
/** `source` is the expression as written, for conditions on where a value comes from. */
export type ValueTest = (value: Value, name?: string, source?: string) => boolean;

export function compileValueCondition(condition: ValueCondition): ValueTest {
  switch (condition.type) {
    case 'boolean':
      return (v) => v.kind === 'boolean' && v.value === condition.equals;
    case 'number':
      return (v) => v.kind === 'number' && (condition.min === undefined || v.value >= condition.min) && (condition.max === undefined || v.value <= condition.max);
    case 'array': {
      const wanted = condition.contains.toLowerCase();
      return (v) => v.kind === 'array' && v.items.some((i) => i.kind === 'string' && i.value.toLowerCase() === wanted);
    }
    case 'absent':
      return (v) => v.kind === 'absent';
    case 'function':
      return (v) => v.kind === 'function' && v.returnsNothing === condition.returnsNothing;
    case 'source': {
      const pattern = compileRegex(condition.pattern, condition.flags ?? 'i');
      return (_v, _name, source) => source !== undefined && pattern.test(source.trim());
    }
    case 'string': {
      const test = compileStringTest(condition);
      return (v, name) => {
        // `= 0` for `= '0'` (an environment variable is a string either way).
        if (v.kind === 'number' && condition.numbers) return (!condition.requireLiteral || v.literal) && test(String(v.value), name);
        return v.kind === 'string' && !v.partial && (!condition.requireLiteral || v.literal || v.written === true || v.origin !== undefined || v.elsewhere === true) && test(v.value, name);
      };
    }
  }
}

/** The string part of a condition, also used for `KEY=value` lines in config files. */
export function compileStringTest(condition: Extract<ValueCondition, { type: 'string' }>): (v: string, name?: string, uiText?: boolean) => boolean {
  const pattern = condition.pattern === undefined ? undefined : compileRegex(condition.pattern, condition.flags ?? 'i');
  const ignore = (condition.ignore ?? []).map((p) => compileRegex(p, 'i'));
  const minLength = condition.minLength ?? 0;
  return (v, name, uiText) => {
    if (v.length < minLength) return false;
    if (pattern && !pattern.test(v)) return false;
    if (condition.minEntropy !== undefined && shannonEntropy(v) < condition.minEntropy) return false;
    if (condition.rejectPlaceholders && isPlaceholder(v, name, { uiText })) return false;
    if (condition.rejectIdentifiers && isIdentifier(v)) return false;
    return !ignore.some((re) => re.test(v));
  };
}

/** Text of a value for messages. */
export function valueText(value: Value): string {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'array':
      return `[${value.items.map(valueText).join(', ')}]`;
    default:
      return '';
  }
}

/** The value at a dotted property path inside an object value (`auth.pass`); `absent` when a level is missing. */
export function valueAtPath(value: Value, path: string | undefined): Value {
  if (!path) return value;
  let current: Value = value;
  for (const key of path.split('.')) {
    if (current.kind === 'absent') return current;
    // A callback where an options object may stand (`jwt.verify(token, key, (err, p) => …)`): no options.
    if (current.kind === 'function') return { kind: 'absent', start: current.start, end: current.end };
    // `keys.0`: an item of an array (cookie-session's `keys: ['k1', 'k2']`).
    if (current.kind === 'array' && /^\d+$/.test(key)) {
      current = current.items[Number(key)] ?? { kind: 'absent', start: current.start, end: current.end };
      continue;
    }
    if (current.kind !== 'object') return { kind: 'other', start: current.start, end: current.end };
    // `{ ...defaults }` may hold what is not written here: unknown, not absent.
    current = current.properties.get(key) ?? { kind: current.open ? 'other' : 'absent', start: current.start, end: current.end };
  }
  return current;
}
