import * as v8 from 'node:v8';

/** Error in a rule pack's regex, with the pattern named so a team lead can find it. */
export class RegexError extends Error {}

// Regexes from packs that are not built in run on V8's linear-time engine (the `l` flag): no
// pattern and no file can make them backtrack, so a team or workspace pack can never hang a scan
// or the editor. That engine has no case-insensitive mode, no lookaround, no backreferences and no
// `u`/`d` flags: case-insensitivity is rewritten into the pattern (`a` → `[aA]`), the rest is
// refused with a message that says which feature. The built-in pack, reviewed and tested, keeps the
// full engine.

let linear = false;
let engine: boolean | undefined;

/** Whether this Node can run the linear-time engine (turned on once, process-wide, before first use). */
export function linearEngineAvailable(): boolean {
  if (engine === undefined) {
    try {
      v8.setFlagsFromString('--enable-experimental-regexp-engine');
      engine = new RegExp('a', 'l').test('a');
    } catch {
      engine = false;
    }
  }
  return engine;
}

/** Runs `compile` with every `compileRegex` call inside it on the linear-time engine when `on`. */
export function withLinearRegexes<T>(on: boolean, compile: () => T): T {
  const before = linear;
  linear = on && linearEngineAvailable();
  try {
    return compile();
  } finally {
    linear = before;
  }
}

/** `s` as a regular expression that matches it literally. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a regex from a rule pack, turning JavaScript's terse error into a clear one. */
export function compileRegex(pattern: string, flags = ''): RegExp {
  if (linear) return compileLinear(pattern, flags);
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    throw new RegexError(`invalid regular expression /${pattern}/${flags}: ${(err as Error).message}`);
  }
}

function compileLinear(pattern: string, flags: string): RegExp {
  const unsupported = [...flags].filter((f) => f === 'u' || f === 'v' || f === 'd');
  // `d` (match indices) is asked for by detectors, not by the pack: positions are found without it.
  const refusedFlags = unsupported.filter((f) => f !== 'd');
  if (refusedFlags.length > 0)
    throw new RegexError(
      `regular expression /${pattern}/${flags}: the flag${refusedFlags.length > 1 ? 's' : ''} ${refusedFlags.join(', ')} cannot run on the linear-time engine that pack regexes use`,
    );
  try {
    new RegExp(pattern, flags.replace(/[dl]/g, ''));
  } catch (err) {
    throw new RegexError(`invalid regular expression /${pattern}/${flags}: ${(err as Error).message}`);
  }
  const source = expandBounds(flags.includes('i') ? caseFold(pattern) : pattern, pattern);
  const linearFlags = `${flags.replace(/[ild]/g, '')}l`;
  try {
    return new RegExp(source, linearFlags);
  } catch {
    throw new RegexError(
      `regular expression /${pattern}/ uses ${linearBlocker(pattern)}, which cannot run in linear time: rewrite it without (pack regexes run on a linear-time engine, so that no file can hang a scan)`,
    );
  }
}

/** The feature that keeps a pattern off the linear-time engine, for the message. */
function linearBlocker(pattern: string): string {
  if (/\(\?<?[=!]/.test(pattern)) return 'a lookahead or lookbehind ((?=, (?!, (?<=, (?<!)';
  if (/\\[1-9]|\\k</.test(pattern)) return 'a backreference';
  if (/\\[pP]\{/.test(pattern)) return 'a Unicode property escape (\\p{…})';
  return 'a feature the linear-time engine lacks';
}

function otherCase(c: string): string | undefined {
  const u = c.toUpperCase();
  const l = c.toLowerCase();
  const other = c === u ? l : u;
  return other !== c && other.length === 1 ? other : undefined;
}

/**
 * The pattern with case-insensitivity written out: a letter outside a class becomes `[aA]`, a class
 * gains the other case of its letters and letter ranges (`[a-f]` → `[a-fA-F]`). Escapes, group
 * syntax and quantifiers are copied as they are.
 */
export function caseFold(pattern: string): string {
  let out = '';
  let i = 0;
  const escape = (): string => {
    // `\u{…}`, `\uXXXX`, `\xXX`, `\cX`, `\p{…}`, `\k<…>`, or a two-character escape.
    const m = /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|[\s\S])/.exec(pattern.slice(i));
    const text = m ? m[0] : '\\';
    i += text.length;
    return text;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') out += escape();
    else if (c === '[') {
      let cls = '[';
      const extra: string[] = [];
      i++;
      if (pattern[i] === '^') cls += pattern[i++];
      if (pattern[i] === ']') cls += pattern[i++];
      while (i < pattern.length && pattern[i] !== ']') {
        if (pattern[i] === '\\') {
          cls += escape();
          continue;
        }
        const from = pattern[i];
        if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']' && pattern[i + 2] !== '\\') {
          const to = pattern[i + 2];
          cls += `${from}-${to}`;
          const a = otherCase(from);
          const b = otherCase(to);
          if (a && b && /[a-z]/i.test(from) && /[a-z]/i.test(to)) extra.push(`${a}-${b}`);
          i += 3;
        } else {
          cls += from;
          const o = otherCase(from);
          if (o) extra.push(o === '-' || o === '^' || o === ']' ? `\\${o}` : o);
          i++;
        }
      }
      i++; // the closing ]
      out += `${cls}${extra.join('')}]`;
    } else if (c === '(' && pattern.startsWith('(?<', i) && !pattern.startsWith('(?<=', i) && !pattern.startsWith('(?<!', i)) {
      // A named group: its name is not text to match.
      const end = pattern.indexOf('>', i);
      out += pattern.slice(i, end + 1);
      i = end + 1;
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(pattern.slice(i))) {
      const q = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i))![0];
      out += q;
      i += q.length;
    } else {
      const o = otherCase(c);
      out += o ? `[${c}${o}]` : c;
      i++;
    }
  }
  return out;
}

/** The largest bound V8's linear-time engine takes on one quantifier. */
const MAX_BOUND = 16;

/**
 * The pattern with every bound over 16 (`[A-Za-z0-9]{40}`, `x{20,}`) written as repeated bounds of
 * at most 16 (`[A-Za-z0-9]{16}[A-Za-z0-9]{16}[A-Za-z0-9]{8}`), the same language, which the
 * linear-time engine accepts. A capturing group cannot be repeated (its number would change).
 */
export function expandBounds(pattern: string, original = pattern): string {
  let i = 0;
  const escapeAt = (): string => /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|[\s\S])/.exec(pattern.slice(i))?.[0] ?? '\\';
  const classAt = (): string => {
    let j = i + 1;
    if (pattern[j] === '^') j++;
    if (pattern[j] === ']') j++;
    while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
    return pattern.slice(i, j + 1);
  };
  const sequence = (inGroup: boolean): { text: string; capturing: boolean } => {
    let out = '';
    let capturing = false;
    let atom: { start: number; text: string; capturing: boolean } | undefined;
    while (i < pattern.length) {
      const c = pattern[i];
      if (c === ')' && inGroup) break;
      if (c === '\\' || c === '[') {
        const text = c === '\\' ? escapeAt() : classAt();
        atom = { start: out.length, text, capturing: false };
        out += text;
        i += text.length;
      } else if (c === '(') {
        const prefix = /^\((?:\?(?:<[=!]|[:=!]|<[^>]*>))?/.exec(pattern.slice(i))![0];
        const named = prefix.startsWith('(?<') && !prefix.startsWith('(?<=') && !prefix.startsWith('(?<!');
        i += prefix.length;
        const inner = sequence(true);
        i++; // the closing )
        const text = `${prefix}${inner.text})`;
        const captures = prefix === '(' || named || inner.capturing;
        capturing ||= captures;
        atom = { start: out.length, text, capturing: captures };
        out += text;
      } else if (c === '{' && atom && /^\{\d+(?:,\d*)?\}/.test(pattern.slice(i))) {
        const q = /^\{(\d+)(?:(,)(\d*))?\}/.exec(pattern.slice(i))!;
        const min = Number(q[1]);
        const max = q[2] === undefined ? min : q[3] === '' ? Infinity : Number(q[3]);
        i += q[0].length;
        if (min <= MAX_BOUND && max <= MAX_BOUND) out += q[0];
        else {
          if (atom.capturing)
            throw new RegexError(
              `regular expression /${original}/: a capturing group repeated more than ${MAX_BOUND} times ({${q[1]}${q[2] ?? ''}${q[3] ?? ''}}) cannot run on the linear-time engine that pack regexes use: make it non-capturing (?:…)`,
            );
          out = out.slice(0, atom.start) + repeated(atom.text, min, max);
          if (pattern[i] === '?') i++; // laziness: the same language
        }
        atom = undefined;
      } else {
        atom = '|*+?'.includes(c) ? undefined : { start: out.length, text: c, capturing: false };
        out += c;
        i++;
      }
    }
    return { text: out, capturing };
  };
  return sequence(false).text;
}

function repeated(atom: string, min: number, max: number): string {
  const chunks = (n: number, optional: boolean): string => {
    let out = '';
    for (let left = n; left > 0; left -= MAX_BOUND) out += `${atom}{${optional ? '0,' : ''}${Math.min(MAX_BOUND, left)}}`;
    return out;
  };
  return chunks(min, false) + (max === Infinity ? `${atom}*` : chunks(max - min, true));
}

/** Global (and sticky-free) copy of a regex for matchAll-style scanning. */
export function globalRegex(pattern: string, flags = ''): RegExp {
  const unique = new Set((flags + 'g').split(''));
  unique.delete('y');
  return compileRegex(pattern, [...unique].join(''));
}
