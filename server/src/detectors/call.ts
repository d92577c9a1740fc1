import { compileRegex } from '../engine/regex';
import { ArgumentCondition, DetectorSpec, FixSpec } from './spec';
import { CallFact } from '../syntax/jsFacts';
import type { Value } from '../syntax/evaluate';
import { valueSpan } from './assignment';
import { Severity } from '../engine/types';
import { Detector, Match } from '../engine/detector';
import { compileValueCondition, valueAtPath, valueText, ValueTest } from './value';
import { allGeneric, compileGeneric, fileStem } from './enclosing';

type CallSpec = Extract<DetectorSpec, { kind: 'call' }>;

/**
 * Calls and `new` expressions by callee, as written or resolved through imports:
 * `Math.random` matches exactly, `*.createHash` matches `createHash(...)` and `x.createHash(...)`,
 * `crypto.createHash` also matches `h(...)` when `h` is `createHash` imported from 'node:crypto'.
 * JS/TS only.
 */
export function callDetector(spec: CallSpec, fix: FixSpec | undefined): Detector {
  const byName = calleeMatcher(spec.callee);
  // `md5(path)` where `const md5 = (s) => createHash('md5')…` is this file's own helper, not the
  // `md5` package: the helper is judged where it hashes (and through helperCalls where it is used).
  const matchesCallee = (call: CallFact): boolean => {
    if (!byName(call)) return false;
    if (call.resolved !== undefined || call.callee.includes('.')) return true;
    const fn = call.calleeValue();
    return !(fn.kind === 'function' && fn.weakHash !== undefined);
  };
  const names = calleeNames(spec.callee);
  const alternatives = compileArguments(spec.argument);
  const excepts = compileArguments(spec.exceptWhen);
  const contexts = (spec.context ?? []).map((c) => ({ ...c, names: compileRegex(c.names, 'i') }));
  const helperCalls = spec.helperCalls && { ...spec.helperCalls, names: compileRegex(spec.helperCalls.names, 'i') };
  const guard = spec.guard && { ...spec.guard, names: compileRegex(spec.guard.names, 'i') };
  const exceptNames = spec.exceptNames === undefined ? undefined : compileRegex(spec.exceptNames, 'i');
  const unlessInFile = spec.unlessInFile === undefined ? undefined : compileRegex(spec.unlessInFile, 'i');
  const unlessCalls = spec.unlessCalls && { matches: calleeMatcher(spec.unlessCalls), names: calleeNames(spec.unlessCalls) };
  const enclosing = spec.enclosing && {
    generic: compileGeneric(spec.enclosing.generic),
    names: spec.enclosing.names === undefined ? undefined : compileRegex(spec.enclosing.names, spec.enclosing.flags ?? ''),
    except: spec.enclosing.exceptNames === undefined ? undefined : compileRegex(spec.enclosing.exceptNames, 'i'),
    note: spec.enclosing.note,
  };
  const requireCalls = spec.requireCalls && { matches: calleeMatcher(spec.requireCalls), names: calleeNames(spec.requireCalls) };
  return (file) => {
    if (!file.isJs) return [];
    // Most files call nothing this rule looks at: said before any whole-file condition is tested.
    const own = file.js().callsNamed(names);
    // Exact and cheaper than a test of the text: no call can be named so when nothing in the file is.
    const named = helperCalls && file.js().whereNamed((n) => helperCalls.names.test(n));
    if (own.length === 0 && !named) return [];
    if (unlessInFile?.test(file.text)) return [];
    if (unlessCalls && file.js().callsNamed(unlessCalls.names).some(unlessCalls.matches)) return [];
    if (requireCalls && !file.js().callsNamed(requireCalls.names).some(requireCalls.matches)) return [];
    // The first context entry whose names match, in order. The file's own name is the last clue
    // (`digestauth-helper.js`) and its folders may say which protocol it implements
    // (`axios-ntlm/lib/hash.js`); neither makes a finding on its own (`session.js` is not a reason
    // to flag every Math.random), and folders can only lower one (an entry at info).
    // Worked out on first need: most files have no call this rule looks at.
    let clues: { stem: string[]; folders: string[] } | undefined;
    const cluesOf = () => (clues ??= spec.requireContext ? { stem: [], folders: [] } : { stem: [fileStem(file.path)], folders: folderNames(file.path) });
    const situationOf = (names: string[]) =>
      contexts.find((c) => names.some((n) => c.names.test(n)) || cluesOf().stem.some((n) => c.names.test(n)) || (c.severity === 'info' && cluesOf().folders.some((n) => c.names.test(n))));
    // Helper calls follow the same order: an entry before the password one (HTTP Digest's HA1) outranks it.
    const decidedOtherwise = (call: CallFact) => (situationOf([...call.argumentNames(), ...call.context()])?.severity ?? 'error') !== 'error';
    const matches: Match[] = helperCalls && named ? callsOfHelpers(file.js().calls, helperCalls, named, matchesCallee, decidedOtherwise) : [];
    for (const call of own) {
      if (!matchesCallee(call)) continue;
      if (excepts.some((e) => holds(e, call, file.text))) continue;
      let situation = contexts.length === 0 ? undefined : situationOf(spec.argumentsAsContext ? [...call.context(), ...call.argumentNames()] : call.context());
      // Nothing around the call says what it is for (`numbers.push(Math.random())` in
      // `generate5RandomValues`): the class it is in, then the file, may (`class OtpGenerator`).
      let byEnclosing = false;
      if (!situation && enclosing && allGeneric(call.context(), enclosing.generic)) {
        const around = [...call.classNames(), fileStem(file.path)];
        if (!(enclosing.except && [...call.context(), ...around].some((n) => enclosing.except!.test(n)))) {
          // Only entries at the rule's own severity: one that lowers it speaks of the value itself (a
          // `seed` of a generator), and a file's name says less (`seed-users.ts` fills a database).
          const entries = enclosing.names ? [{ names: enclosing.names }] : contexts.filter((c) => c.severity === undefined);
          situation = entries.find((c) => around.some((n) => c.names.test(n)));
          byEnclosing = situation !== undefined;
        }
      }
      if (spec.requireContext && !situation) continue;
      if (exceptNames && call.context().some((n) => exceptNames.test(n))) continue;
      if (spec.exceptCompared && call.compared()) continue;
      let match: Match;
      let reported: Value | undefined;
      if (alternatives.length === 0) {
        match = { start: call.start, end: call.end, value: call.callee };
        if (fix?.kind === 'replaceCall') match.fix = { title: fix.title, edits: [{ start: call.start, end: call.end, newText: fix.with }] };
      } else {
        // The first alternative that holds is the one reported.
        const held = alternatives.find((a) => holds(a, call, file.text));
        if (!held) continue;
        const arg = valueAtPath(call.arg(held.index), held.property);
        reported = arg;
        const span = valueSpan(arg);
        match = { start: span.start, end: span.end, value: valueText(arg) || call.callee, ...(span.literal ? { literal: span.literal } : {}) };
        const literal = (arg.kind === 'string' || arg.kind === 'number') && arg.literal;
        // Only a literal at the call site is rewritten: a constant may be shared by other code.
        if (fix?.kind === 'replaceValue' && (literal || arg.kind === 'boolean')) {
          const newText = String(fix.with);
          match.fix = {
            title: fix.title ?? `Replace ${arg.kind === 'string' ? `'${match.value}'` : match.value} with ${arg.kind === 'string' ? `'${newText}'` : newText}`,
            edits: [{ start: span.start, end: span.end, newText }],
          };
        }
      }
      if (reported?.kind === 'boolean' && reported.fallback) {
        match.severity = 'info';
        match.note = 'only the default, used when the setting is not given: a setting decides; make the safe value the default';
        delete match.fix;
      } else if (guard && call.guards().some((n) => guard.names.test(n))) {
        if (guard.severity) match.severity = guard.severity;
        if (guard.note) match.note = guard.note;
      } else if (spec.storedAsIs && call.storedAsIs()) {
        if (spec.storedAsIs.severity) match.severity = spec.storedAsIs.severity;
        if (spec.storedAsIs.note) match.note = spec.storedAsIs.note;
      } else if (situation) {
        if (situation.severity) match.severity = situation.severity;
        if (situation.note) match.note = situation.note;
        else if (byEnclosing && enclosing?.note) match.note = enclosing.note;
        if (situation.message) match.message = situation.message;
        if (situation.noFix) delete match.fix;
      } else if (spec.helper && call.returned()) {
        // The digest leaves the function: a fix would change every value its callers stored.
        if (spec.helper.severity) match.severity = spec.helper.severity;
        if (spec.helper.note) match.note = spec.helper.note;
        if (spec.helper.noFix) delete match.fix;
      }
      matches.push(match);
    }
    return matches;
  };
}

type CompiledArgument = { index: number; property?: string; test: ValueTest };

/** One condition or a list of alternatives, compiled. */
function compileArguments(spec: ArgumentCondition | ArgumentCondition[] | undefined): CompiledArgument[] {
  if (!spec) return [];
  return (Array.isArray(spec) ? spec : [spec]).map((a) => ({ index: a.index, ...(a.property ? { property: a.property } : {}), test: compileValueCondition(a.value) }));
}

/** Whether the argument (or the property inside it) meets the condition. */
function holds(a: CompiledArgument, call: CallFact, text: string): boolean {
  const value = valueAtPath(call.arg(a.index), a.property);
  return a.test(value, a.property?.split('.').pop(), sourceOf(text, value));
}

/** The expression as written; nothing for a value that is not in the text (an absent argument). */
function sourceOf(text: string, value: { kind: string; start: number; end: number }): string | undefined {
  return value.kind === 'absent' || value.end <= value.start ? undefined : text.slice(value.start, value.end);
}

type HelperCalls = { names: RegExp; severity?: Severity; note?: string; message?: string };

/** `security.hash(req.body.password)` where `hash` (here or in another workspace file) returns an MD5 digest. */
function callsOfHelpers(
  calls: CallFact[],
  spec: HelperCalls,
  named: (start: number, end: number) => boolean,
  isDirect: (call: CallFact) => boolean,
  decidedOtherwise: (call: CallFact) => boolean,
): Match[] {
  const matches: Match[] = [];
  for (const call of calls) {
    if (isDirect(call)) continue;
    // Where the names around a call come from holds none of the file's matching names: not asked.
    const [start, end] = call.namesSpan();
    if (!named(start, end)) continue;
    if (!call.argumentNames().some((n) => spec.names.test(n)) && !call.context().some((n) => spec.names.test(n))) continue;
    if (decidedOtherwise(call)) continue;
    // Last: what the callee is can mean reading and parsing the modules the file imports (asked
    // first, it parsed effect's imported modules for every call: its cold scan took 1.4 times as long).
    const fn = call.calleeValue();
    if (fn.kind !== 'function' || !fn.weakHash) continue;
    const match: Match = { start: call.start, end: call.end, value: fn.weakHash, name: call.callee };
    if (spec.severity) match.severity = spec.severity;
    if (spec.note) match.note = spec.note;
    if (spec.message) match.message = spec.message;
    matches.push(match);
  }
  return matches;
}

function folderNames(path: string): string[] {
  return path.split('/').slice(0, -1);
}

/** The last name of each callee pattern: a call can only match when its callee ends with one of them. */
export function calleeNames(patterns: string[]): Set<string> {
  return new Set(patterns.map((p) => p.slice(p.lastIndexOf('.') + 1)));
}

export function calleeMatcher(patterns: string[]): (call: Pick<CallFact, 'callee' | 'resolved'>) => boolean {
  const exact = new Set<string>();
  const anyReceiver = new Set<string>();
  for (const p of patterns) {
    if (p.startsWith('*.')) anyReceiver.add(p.slice(2));
    else exact.add(p);
  }
  const test = (name: string | undefined): boolean => {
    if (name === undefined) return false;
    if (exact.has(name)) return true;
    return anyReceiver.has(name.slice(name.lastIndexOf('.') + 1));
  };
  return (call) => test(call.callee) || test(call.resolved);
}
