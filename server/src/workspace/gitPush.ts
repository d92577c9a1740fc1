import { git, ZERO_BLOB } from './gitDiff';

/**
 * The commits a push sends, as revisions for `git log`, from the lines git gives a pre-push hook
 * on stdin (`<local ref> <local sha> <remote ref> <remote sha>`): each pushed tip, less what the
 * remote already has (the old remote tip, and every remote-tracking branch of that remote).
 * Deleting a branch sends nothing. Empty when there is nothing to scan.
 */
export async function pushedRevisions(cwd: string, remote: string | undefined, lines: string): Promise<string[]> {
  const tips: string[] = [];
  const known = new Set<string>();
  for (const line of lines.split('\n')) {
    const [localRef, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localRef || !/^[0-9a-f]{40,64}$/.test(localSha ?? '') || ZERO_BLOB.test(localSha)) continue;
    tips.push(localSha);
    // A tip the remote had but this clone never fetched cannot be excluded: more is scanned, not less.
    if (remoteSha && /^[0-9a-f]{40,64}$/.test(remoteSha) && !ZERO_BLOB.test(remoteSha) && (await isCommit(cwd, remoteSha))) known.add(remoteSha);
  }
  if (tips.length === 0) return [];
  if (remote && !remote.includes('\0')) {
    const refs = await git(cwd, ['for-each-ref', '--format=%(objectname)', `refs/remotes/${remote}/`]).catch(() => '');
    for (const sha of refs.split('\n').filter(Boolean)) known.add(sha);
  }
  return [...tips, ...[...known].map((sha) => `^${sha}`)];
}

async function isCommit(cwd: string, sha: string): Promise<boolean> {
  return git(cwd, ['cat-file', '-e', `${sha}^{commit}`]).then(
    () => true,
    () => false,
  );
}
