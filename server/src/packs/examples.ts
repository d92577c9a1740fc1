import { LineIndex } from '../engine/lines';
import type { EnginePack } from '../engine/model';
import { scanText } from '../engine/scan';
import { Finding, ScanInput } from '../engine/types';
import { RuleExample } from './types';

/** A rule example as the engine sees a file: path, text and, for file rules, git state or binary head. */
export function exampleInput(raw: string | RuleExample): ScanInput {
  const example = typeof raw === 'string' ? { code: raw } : raw;
  const facts = { ...(example.committedIgnored ? { committedIgnored: true } : {}), ...(example.binaryHead ? { binaryHead: example.binaryHead } : {}) };
  return { path: example.path ?? 'example.ts', text: example.code, ...(Object.keys(facts).length > 0 ? { facts } : {}) };
}

/** The text once a finding's fix is applied (edits from the end, so earlier offsets hold). */
export function applyFix(text: string, finding: Finding): string {
  const lines = new LineIndex(text);
  let out = text;
  for (const e of [...(finding.fix?.edits ?? [])].sort((a, b) => lines.offset(b.range.start) - lines.offset(a.range.start))) {
    out = out.slice(0, lines.offset(e.range.start)) + e.newText + out.slice(lines.offset(e.range.end));
  }
  return out;
}

/**
 * Runs one example of a rule, with only that rule in force (`pack`), the way ESLint's RuleTester
 * runs a valid or invalid case: a `match` example must be found, at its `line`/`column` when it
 * states them, and its fix must produce `output` when it states one; a `noMatch` example must not
 * be found. Returns what went wrong, or undefined.
 */
export function exampleProblem(raw: string | RuleExample, ruleId: string, pack: EnginePack, shouldMatch: boolean): string | undefined {
  const example = typeof raw === 'string' ? { code: raw } : raw;
  const result = scanText(exampleInput(example), pack);
  if (result.failures.length > 0) return result.failures.map((f) => f.message).join('; ');
  const found = result.findings.filter((f) => f.ruleId === ruleId);
  if (!shouldMatch) return found.length > 0 ? 'was found' : undefined;
  if (found.length === 0) return 'was not found';
  const at = (f: Finding): string => `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  if (example.line !== undefined) {
    const wanted = `${example.line}:${example.column ?? found[0].range.start.character + 1}`;
    if (!found.some((f) => at(f) === wanted)) return `was found at ${found.map(at).join(', ')}, not at ${wanted}`;
  }
  if (example.output !== undefined) {
    const fixed = found.find((f) => f.fix);
    if (!fixed) return 'offers no fix, but the example states an output';
    const output = applyFix(example.code, fixed);
    if (output !== example.output) return `its fix produced ${JSON.stringify(output)}, not ${JSON.stringify(example.output)}`;
  }
  return undefined;
}
