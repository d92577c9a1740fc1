import packSchema from '../../../rules/pack.schema.json';

// Regexes from team packs run on every file of every contractor: a catastrophic pattern such as
// `(a+)+$` would hang the editor on one long line (JavaScript regexes backtrack). Such patterns are
// refused when the pack loads, with a message that names the problem and the fix.

interface Group {
  hasQuantifier: boolean;
  alternatives: string[];
  current: string;
}

/** Undefined when the pattern is safe to run; otherwise why it is refused. */
export function unsafeRegexReason(pattern: string): string | undefined {
  const stack: Group[] = [{ hasQuantifier: false, alternatives: [], current: '' }];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const top = stack[stack.length - 1];
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'back-references can take exponential time; rewrite the pattern without them';
      top.current += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(pattern, i);
      top.current += pattern.slice(i, end + 1);
      i = end;
      continue;
    }
    if (ch === '(') {
      stack.push({ hasQuantifier: false, alternatives: [], current: '' });
      if (pattern[i + 1] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        const close = pattern[i + 2] === '<' && !'=!'.includes(pattern[i + 3] ?? '') ? pattern.indexOf('>', i) : i + 2;
        i = Math.max(i, close);
      }
      continue;
    }
    if (ch === ')') {
      const group = stack.pop();
      if (!group || stack.length === 0) return 'unbalanced parentheses';
      group.alternatives.push(group.current);
      const quantified = quantifierAt(pattern, i + 1);
      if (quantified && group.hasQuantifier) {
        return `nested quantifier around "${pattern.slice(Math.max(0, i - 20), i + 2)}" (like (a+)+) can take exponential time on long lines; remove the inner or outer repetition`;
      }
      if (quantified && group.alternatives.length > 1 && overlappingAlternatives(group.alternatives)) {
        return `repeated alternation with overlapping branches ("${group.alternatives.join('|').slice(0, 40)}") can take exponential time; make the branches start differently`;
      }
      const parent = stack[stack.length - 1];
      parent.hasQuantifier ||= group.hasQuantifier || quantified;
      parent.current += `(${group.alternatives.join('|')})`;
      continue;
    }
    if (ch === '|') {
      top.alternatives.push(top.current);
      top.current = '';
      continue;
    }
    if (quantifierAt(pattern, i)) top.hasQuantifier = true;
    top.current += ch;
  }
  return stack.length === 1 ? undefined : 'unbalanced parentheses';
}

/** A repeating quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1) starts at `i`. */
function quantifierAt(pattern: string, i: number): boolean {
  const ch = pattern[i];
  if (ch === '*' || ch === '+') return true;
  if (ch !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!m) return false;
  if (m[2] === undefined) return false; // {n}: a fixed count, no backtracking choice
  return m[3] === '' || Number(m[3]) > 1;
}

function classEnd(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > start + 1) return i;
  }
  return pattern.length - 1;
}

function overlappingAlternatives(alternatives: string[]): boolean {
  const firsts = alternatives.map((a) => a[0] ?? '');
  if (firsts.some((f) => f === '' || f === '.' || f === '[' || f === '\\' || f === '(')) return true;
  return new Set(firsts.map((f) => f.toLowerCase())).size < firsts.length;
}

/**
 * The fields that hold regexes, as the pack schema marks them (`"x-vigil-regex": true`): the
 * schema is the one description of the format, so a field added there with the mark is guarded
 * too, and no list here can fall behind it.
 */
export const REGEX_FIELDS: ReadonlySet<string> = regexFieldsOf(packSchema);

function regexFieldsOf(schema: unknown): Set<string> {
  const fields = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const properties = (node as { properties?: Record<string, { 'x-vigil-regex'?: boolean }> }).properties;
      if (properties && typeof properties === 'object') for (const [name, def] of Object.entries(properties)) if (def?.['x-vigil-regex'] === true) fields.add(name);
      Object.values(node).forEach(visit);
    }
  };
  visit(schema);
  return fields;
}

/** Every regex source inside a rule's detector spec (patterns, name and value conditions, host lists). */
export function regexSources(spec: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if (key && REGEX_FIELDS.has(key)) out.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  visit(spec);
  return out;
}
