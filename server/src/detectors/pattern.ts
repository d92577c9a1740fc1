import { shannonEntropy } from './entropy';
import { VALIDATORS } from './validators';
import { compileRegex, globalRegex } from '../engine/regex';
import { DetectorSpec, EnclosingSpec } from './spec';
import { Detector, Match } from '../engine/detector';
import { hasFillerRun } from '../engine/placeholder';
import { blank } from '../engine/embedded';
import { allGeneric, braceScopes, compileGeneric, fileStem } from './enclosing';

type PatternSpec = Extract<DetectorSpec, { kind: 'pattern' }>;

/** Reserved for documentation (RFC 2606 / 6761, and RFC 5737's TEST-NET addresses): credentials for them are made up. */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)$|^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/i;
/**
 * Loopback, a bare container name (`db`, `postgres` in docker-compose), mDNS `.local`, Docker's
 * host alias. Not `.internal` in general: cloud DNS names production machines that way.
 */
const LOCAL_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|[a-z0-9_-]+|[\w.-]+\.(?:local|localhost)|(?:host|gateway)\.docker\.internal)$/i;

/** A regular expression over the whole text (code, comments, any file type). */
export function patternDetector(spec: PatternSpec, options: { rejectFiller?: boolean } = {}): Detector {
  const group = spec.secretGroup ?? 0;
  // With a capture group, `d` gives its real offset (the same text can occur earlier in the match:
  // `postgres://app:app@db` has the password's text in the user name too).
  const regex = globalRegex(spec.pattern, (spec.flags ?? '') + (group === 0 ? '' : 'd'));
  const allow = (spec.allowValues ?? []).map((p) => compileRegex(p, 'i'));
  const examples = (spec.exampleValues ?? []).map((p) => compileRegex(p, 'i'));
  const partner = spec.requiresInFile === undefined ? undefined : compileRegex(spec.requiresInFile, spec.flags ?? '');
  const contexts = (spec.context ?? []).map((c) => ({ ...c, line: compileRegex(c.line, 'i') }));
  const validate = spec.validate === undefined ? undefined : VALIDATORS[spec.validate];
  const liveCode = spec.commentedOut === undefined ? undefined : compileRegex(spec.commentedOut.unlessInCode, spec.flags ?? '');
  const enclosing = spec.enclosing?.pattern === undefined ? undefined : compileEnclosing(spec.enclosing as EnclosingSpec & { pattern: string }, spec.flags ?? '', group);
  if (spec.validate !== undefined && !validate) throw new Error(`unknown validator "${spec.validate}" (known: ${Object.keys(VALIDATORS).join(', ')})`);
  return (file) => {
    const matches: Match[] = [];
    if (partner && !partner.test(file.text)) return matches;
    let comments: Array<[number, number]> | undefined;
    if (liveCode) {
      if (!file.isJs) return matches;
      comments = file.js().comments();
      if (liveCode.test(blankedOut(file.text, comments))) return matches;
    }
    const reported = new Set<number>();
    for (const [chunk, base] of file.chunks()) {
      regex.lastIndex = 0;
      // Then, with `enclosing`, the matches of its pattern that this one did not report, judged by
      // the names of the class and file around them.
      const passes = enclosing ? [regex, enclosing.regex] : [regex];
      for (const [pass, current] of passes.entries()) {
        current.lastIndex = 0;
        for (let m = current.exec(chunk); m !== null; m = current.exec(chunk)) {
          if (m[0].length === 0) {
            current.lastIndex++;
            continue;
          }
          const value = m[group] ?? m[0];
          if (spec.minEntropy !== undefined && shannonEntropy(value) < spec.minEntropy) continue;
          if (allow.some((re) => re.test(value))) continue;
          // `AAAA…AAAA`: one character repeated is filler, even where real tokens start with a run of it.
          if (/^(.)\1+$/.test(value)) continue;
          // `T00000000/B00000000/XXXXXXXX`: a made-up credential. (A counting IV is still a fixed IV.)
          if (options.rejectFiller && hasFillerRun(value)) continue;
          // Without match indices (the linear-time engine of pack regexes has none): the group's
          // text within the match, searched from its end, where a captured value usually sits.
          const within = group === 0 || m[group] === undefined ? 0 : m.indices?.[group] ? m.indices[group][0] - m.index : Math.max(0, m[0].lastIndexOf(m[group]));
          const start = base + m.index + within;
          // `postgres://app:app@db`: the user name repeated as the password is a local default, not a secret.
          if (group !== 0 && chunk.endsWith(`${value}:`, start - base)) continue;
          if (comments && !comments.some(([from, to]) => start >= from && start < to)) continue;
          if (pass === 0) reported.add(start);
          else if (reported.has(start)) continue;
          const because = pass === 0 ? undefined : enclosing?.judge(file.text, file.path, start);
          if (pass > 0 && !because) continue;
          const match: Match = { start, end: start + value.length, value };
          if (because && enclosing?.note) match.note = enclosing.note;
          // Credentials in a URL are judged with the host they are for.
          const host = chunk.charAt(start - base + value.length) === '@' ? /^[^\s/:"'`?#@]+/.exec(chunk.slice(start - base + value.length + 1))?.[0] : undefined;
          if (host && EXAMPLE_HOST.test(host)) continue;
          if (host && LOCAL_HOST.test(host)) {
            match.severity = 'info';
            match.note = 'for a local or internal host: a development default, but keep real passwords out of code anyway';
          }
          const validity = validate?.(value);
          if (validity === 'none') continue;
          if (validity === 'valid') match.confidence = 'validated';
          if (validity === 'expired') {
            match.severity = 'info';
            match.note = 'expired (its exp date is past): refused by a server that checks it; still revoke what signed it if that key is live';
          }
          if (validity === 'invalid') {
            match.confidence = 'heuristic';
            match.note = 'checksum does not match: probably not a live credential';
          }
          if (contexts.length > 0) {
            const at = start - base;
            const line = chunk.slice(chunk.lastIndexOf('\n', at - 1) + 1, (chunk.indexOf('\n', at) + 1 || chunk.length + 1) - 1);
            const situation = contexts.find((c) => c.line.test(line));
            if (situation?.severity) match.severity = situation.severity;
            if (situation?.note) match.note = situation.note;
          }
          if (examples.some((re) => re.test(value))) {
            match.severity = 'info';
            match.note = 'a documented example value from vendor docs';
          }
          matches.push(match);
        }
      }
    }
    return matches;
  };
}

/**
 * `enclosing` for a text pattern: a match stands when the names at it are generic (the enclosing
 * function's and the variable assigned on its line) and the nearest enclosing class, an outer
 * one or the file's base name matches `names`; never when one of them matches `exceptNames`.
 */
function compileEnclosing(spec: EnclosingSpec & { pattern: string }, flags: string, group: number) {
  const generic = compileGeneric(spec.generic);
  const names = compileRegex(spec.names ?? '(?!)', spec.flags ?? '');
  const except = spec.exceptNames === undefined ? undefined : compileRegex(spec.exceptNames, 'i');
  return {
    regex: globalRegex(spec.pattern, flags + (group === 0 ? '' : 'd')),
    note: spec.note,
    judge(text: string, path: string, at: number): boolean {
      const scopes = braceScopes(text, at);
      const fn = scopes.functions[0];
      if (fn === undefined) return false;
      const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
      const assigned = /([A-Za-z_$][\w$]*)\s*(?:\[\s*\w*\s*\]\s*)?[-+*/]?=(?!=)[^=;]*$/.exec(line)?.[1];
      if (!allGeneric(assigned === undefined ? [fn] : [fn, assigned], generic)) return false;
      const around = [...scopes.classes, fileStem(path)];
      if (except && [fn, ...around].some((n) => except.test(n))) return false;
      return around.some((n) => names.test(n));
    },
  };
}

/** The text with its comments blanked (offsets and lines kept): the code that runs. */
function blankedOut(text: string, comments: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [from, to] of comments) {
    out += text.slice(at, from) + blank(text.slice(from, to));
    at = to;
  }
  return out + text.slice(at);
}
