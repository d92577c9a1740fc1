import { DetectorSpec, FixSpec } from '../packs/types';
import { Detector, Match } from './types';
import { compileValueCondition, testValue, valueAtPath, valueText } from './value';

type CallSpec = Extract<DetectorSpec, { kind: 'call' }>;

/**
 * Calls and `new` expressions by callee: `Math.random` matches exactly, `*.createHash` matches
 * `createHash(...)` and `anything.createHash(...)`. JS/TS only.
 */
export function callDetector(spec: CallSpec, fix: FixSpec | undefined): Detector {
  const matchesCallee = calleeMatcher(spec.callee);
  const argument = spec.argument;
  const test = argument ? compileValueCondition(argument.value) : undefined;
  return (file) => {
    if (!file.isJs) return [];
    const matches: Match[] = [];
    for (const call of file.js().calls) {
      if (!matchesCallee(call.callee)) continue;
      if (!argument || !test) {
        matches.push({ start: call.start, end: call.end, value: call.callee });
        continue;
      }
      const arg = valueAtPath(call.args[argument.index], argument.property);
      if (!arg || !testValue(test, arg, argument.property?.split('.').pop())) continue;
      const literal = arg.kind === 'string' && arg.literal;
      const start = literal ? arg.start + 1 : arg.start;
      const end = literal ? arg.end - 1 : arg.end;
      const match: Match = { start, end, value: valueText(arg), ...(literal ? { literal: { start: arg.start, end: arg.end } } : {}) };
      // Only a literal at the call site is rewritten: a constant may be shared by other code.
      if (fix?.kind === 'replaceValue' && literal && typeof fix.with === 'string') {
        match.fix = { title: `Replace '${match.value}' with '${fix.with}'`, edits: [{ start, end, newText: fix.with }] };
      }
      matches.push(match);
    }
    return matches;
  };
}

function calleeMatcher(patterns: string[]): (callee: string) => boolean {
  const exact = new Set<string>();
  const anyReceiver = new Set<string>();
  for (const p of patterns) {
    if (p.startsWith('*.')) anyReceiver.add(p.slice(2));
    else exact.add(p);
  }
  return (callee) => {
    if (exact.has(callee)) return true;
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    return anyReceiver.has(last);
  };
}
