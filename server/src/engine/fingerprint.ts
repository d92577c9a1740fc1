import { createHash } from 'node:crypto';

/**
 * A stable identity for a finding: rule, file and a hash of the matched text, plus which
 * occurrence of that text in the file it is. Line numbers are left out so that moving code
 * does not churn baselines; only the hash of a secret is kept, never the value.
 */
export function fingerprint(ruleId: string, path: string, matched: string, occurrence: number): string {
  return createHash('sha256')
    .update(`${ruleId}\0${path.replace(/\\/g, '/')}\0${matched}\0${occurrence}`)
    .digest('hex')
    .slice(0, 32);
}

/** SHA-256 of a value, for allowlists and baselines that must not store secrets. */
export function valueHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
