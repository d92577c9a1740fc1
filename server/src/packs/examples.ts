import { ScanInput } from '../engine/types';
import { RuleExample } from './types';

/** A rule example as the engine sees a file: path, text and, for file rules, git state or binary head. */
export function exampleInput(raw: string | RuleExample): ScanInput {
  const example = typeof raw === 'string' ? { code: raw } : raw;
  const facts = { ...(example.committedIgnored ? { committedIgnored: true } : {}), ...(example.binaryHead ? { binaryHead: example.binaryHead } : {}) };
  return { path: example.path ?? 'example.ts', text: example.code, ...(Object.keys(facts).length > 0 ? { facts } : {}) };
}
