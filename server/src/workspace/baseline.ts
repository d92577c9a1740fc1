import { parseJsonText } from '../engine/jsonText';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

// `.vigil/baseline.json`: findings a team accepted, keyed by fingerprints that do not depend on
// line numbers (rule + file + a hash of the matched text), so edits and merges do not churn it.
// It stores hashes and rule ids, never a matched value.

export const DEFAULT_BASELINE = path.join('.vigil', 'baseline.json');

export interface BaselineFile {
  tool: 'vigil';
  version: 1;
  findings: Array<{ fingerprint: string; ruleId: string; file: string }>;
}

export async function readBaseline(file: string): Promise<Set<string>> {
  let json: Partial<BaselineFile>;
  try {
    json = parseJsonText(await fs.readFile(file, 'utf8')) as Partial<BaselineFile>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}; fix it or recreate it with \`vigil baseline create\``, { cause: err });
  }
  if (typeof json !== 'object' || json === null) throw new Error(`${file}: not a Vigil baseline; recreate it with \`vigil baseline create\``);
  if (!Array.isArray(json.findings) || !json.findings.every((f) => typeof f?.fingerprint === 'string')) {
    throw new Error(`${file}: not a Vigil baseline (expected {"tool":"vigil","version":1,"findings":[{"fingerprint",…}]}); recreate it with \`vigil baseline create\``);
  }
  return new Set(json.findings.map((f) => f.fingerprint));
}

export async function writeBaseline(file: string, findings: BaselineFile['findings']): Promise<void> {
  const sorted = [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const body: BaselineFile = { tool: 'vigil', version: 1, findings: sorted };
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, JSON.stringify(body, null, 2) + '\n');
}
