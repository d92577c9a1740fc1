import { compileRegex } from '../packs/regex';
import { DetectorSpec, FixSpec } from '../packs/types';
import { Value } from '../syntax/jsFacts';
import { keyValuePairs } from '../syntax/keyValue';
import { Detector, FileContext, Match } from './types';
import { compileValueCondition, testValue, ValueTest } from './value';

type AssignmentSpec = Extract<DetectorSpec, { kind: 'assignment' }>;

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
  for (const pair of keyValuePairs(file.path, file.text)) {
    if (!name.test(pair.key)) continue;
    const parsed: string | boolean = !pair.quoted && (pair.value === 'true' || pair.value === 'false') ? pair.value === 'true' : pair.value;
    if (!test(parsed, pair.key)) continue;
    const end = pair.start + pair.value.length;
    const value: Value = typeof parsed === 'boolean'
      ? { kind: 'boolean', value: parsed, start: pair.start, end }
      : { kind: 'string', value: parsed, start: pair.start, end, literal: false };
    matches.push(matchFor(pair.key, value, file.text, fix));
  }
  return matches;
}
