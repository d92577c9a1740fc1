import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import ignore from 'ignore';
import { appendLine, gitignoreLine } from '../../server/src/lsp/envFix';
import { testRepo } from '../unit/support/gitRepo';

// The "add to .gitignore" fix appended the path as written: `#legacy/.env` became a comment and
// `[locale]/.env` a character class, so the secret file stayed visible to git while the fix said
// otherwise, and applying it again added the line again. Lines are escaped now, and git itself
// checks the result.

const awkward = ['#legacy/.env', '[locale]/.env', '!important/.env', 'a*b/.env', 'q?/.env', 'back\\slash/.env', 'plain/.env'];

describe('adversarial: the .gitignore fix on paths with gitignore syntax', () => {
  it('git ignores exactly the file, and a second application adds nothing', () => {
    const repo = testRepo();
    try {
      let gitignore = '';
      for (const rel of awkward) {
        const line = gitignoreLine(rel);
        assert.ok(line, rel);
        const added = appendLine(gitignore, line, (t) => ignore().add(t).ignores(rel));
        assert.ok(added, rel);
        gitignore += added;
        assert.equal(
          appendLine(gitignore, line, (t) => ignore().add(t).ignores(rel)),
          undefined,
          `idempotent for ${rel}`,
        );
      }
      repo.write('.gitignore', gitignore);
      for (const rel of awkward) repo.write(rel, 'SECRET=1\n');
      // Neighbours a wrong pattern would catch: l/.env for [locale], aXXb/.env for a*b, qz/.env for q?.
      for (const rel of ['l/.env', 'aXXb/.env', 'qz/.env', 'legacy/.env']) repo.write(rel, 'A=1\n');
      const check = (rel: string): boolean => spawnSync('git', ['check-ignore', '-q', '--no-index', '--', rel], { cwd: repo.dir }).status === 0;
      for (const rel of awkward) assert.ok(check(rel), `git ignores ${rel}`);
      for (const rel of ['l/.env', 'aXXb/.env', 'qz/.env', 'legacy/.env']) assert.ok(!check(rel), `git does not ignore ${rel}`);
    } finally {
      rmSync(repo.dir, { recursive: true, force: true });
    }
  });
});
