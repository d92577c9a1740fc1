import { compileRegex } from '../packs/regex';
import { DetectorSpec, FixSpec } from '../packs/types';
import { Value } from '../syntax/jsFacts';
import { Detector, FileContext, Match } from './types';
import { compileValueCondition, testValue, ValueTest } from './value';

type AssignmentSpec = Extract<DetectorSpec, { kind: 'assignment' }>;

/** `key = value`, `key: value`, `"key": "value"`, `export KEY=value` lines in config and env files. */
const KEY_VALUE_LINE = /^[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*[:=][ \t]*(["']?)([^\r\n]*?)\2[ \t]*,?[ \t]*(?:#[^\r\n]*)?$/gm;

/** A value bound to a name whose name matches: JS/TS by syntax, other files by key-value lines. */
export function assignmentDetector(spec: AssignmentSpec, fix: FixSpec | undefined): Detector {
  const name = compileRegex(spec.name, 'i');
  const test = compileValueCondition(spec.value);
  return (file) => (file.isJs ? fromSyntax(file, name, test, fix) : fromLines(file, name, test, fix));
}

function fromSyntax(file: FileContext, name: RegExp, test: ValueTest, fix: FixSpec | undefined): Match[] {
  const matches: Match[] = [];
  for (const binding of file.js().bindings) {
    if (!name.test(binding.name) || !testValue(test, binding.value, binding.name)) continue;
    matches.push(matchFor(binding.name, binding.value, file.text, fix));
  }
  return matches;
}

function matchFor(bound: string, value: Value, text: string, fix: FixSpec | undefined): Match {
  const quoted = value.kind === 'string' && value.literal;
  // Point at the value itself, without its quotes.
  const start = quoted ? value.start + 1 : value.start;
  const end = quoted ? value.end - 1 : value.end;
  const shown = value.kind === 'string' || value.kind === 'boolean' ? String(value.value) : text.slice(value.start, value.end);
  const match: Match = { start, end, value: shown, name: bound, ...(quoted ? { literal: { start: value.start, end: value.end } } : {}) };
  if (fix?.kind === 'replaceValue' && (value.kind === 'boolean' || (value.kind === 'string' && value.literal))) {
    const newText = typeof fix.with === 'string' && value.kind === 'string' ? fix.with : String(fix.with);
    match.fix = { title: `Set ${bound} to ${newText}`, edits: [{ start, end, newText }] };
  }
  return match;
}

function fromLines(file: FileContext, name: RegExp, test: ValueTest, fix: FixSpec | undefined): Match[] {
  const matches: Match[] = [];
  KEY_VALUE_LINE.lastIndex = 0;
  for (let m = KEY_VALUE_LINE.exec(file.text); m !== null; m = KEY_VALUE_LINE.exec(file.text)) {
    const [whole, key, quote, raw] = m;
    if (!name.test(key)) continue;
    const parsed: string | boolean = !quote && (raw === 'true' || raw === 'false') ? raw === 'true' : raw;
    if (!test(parsed, key)) continue;
    const start = m.index + whole.lastIndexOf(quote + raw + quote) + quote.length;
    const value: Value = typeof parsed === 'boolean'
      ? { kind: 'boolean', value: parsed, start, end: start + raw.length }
      : { kind: 'string', value: parsed, start, end: start + raw.length, literal: false };
    matches.push(matchFor(key, value, file.text, fix));
  }
  return matches;
}
