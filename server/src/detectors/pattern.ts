import { shannonEntropy } from '../engine/entropy';
import { VALIDATORS } from '../engine/validators';
import { compileRegex, globalRegex } from '../packs/regex';
import { DetectorSpec } from '../packs/types';
import { Detector, Match } from './types';

type PatternSpec = Extract<DetectorSpec, { kind: 'pattern' }>;

/** A regular expression over the whole text (code, comments, any file type). */
export function patternDetector(spec: PatternSpec): Detector {
  const regex = globalRegex(spec.pattern, spec.flags ?? '');
  const group = spec.secretGroup ?? 0;
  const allow = (spec.allowValues ?? []).map((p) => compileRegex(p, 'i'));
  const examples = (spec.exampleValues ?? []).map((p) => compileRegex(p, 'i'));
  const partner = spec.requiresInFile === undefined ? undefined : compileRegex(spec.requiresInFile, spec.flags ?? '');
  const validate = spec.validate === undefined ? undefined : VALIDATORS[spec.validate];
  if (spec.validate !== undefined && !validate) throw new Error(`unknown validator "${spec.validate}" (known: ${Object.keys(VALIDATORS).join(', ')})`);
  return (file) => {
    const matches: Match[] = [];
    if (partner && !partner.test(file.text)) return matches;
    for (const [chunk, base] of file.chunks()) {
      regex.lastIndex = 0;
      for (let m = regex.exec(chunk); m !== null; m = regex.exec(chunk)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        const value = m[group] ?? m[0];
        if (spec.minEntropy !== undefined && shannonEntropy(value) < spec.minEntropy) continue;
        if (allow.some((re) => re.test(value))) continue;
        const start = base + m.index + (group === 0 ? 0 : m[0].indexOf(value));
        // `postgres://app:app@db`: the user name repeated as the password is a local default, not a secret.
        if (group !== 0 && chunk.endsWith(`${value}:`, start - base)) continue;
        const match: Match = { start, end: start + value.length, value };
        if (validate) {
          const valid = validate(value);
          match.confidence = valid ? 'validated' : 'heuristic';
          if (!valid) match.note = 'checksum does not match: probably not a live credential';
        }
        if (examples.some((re) => re.test(value))) {
          match.severity = 'info';
          match.note = 'a documented example value from vendor docs';
        }
        matches.push(match);
      }
    }
    return matches;
  };
}
