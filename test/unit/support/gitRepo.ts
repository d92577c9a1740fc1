import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A real GitHub-shaped token (checksum valid), used as the secret the tests commit. */
export const TOKEN = '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';
export const SECRET_LINE = `export const token = '${TOKEN}';\n`;

export const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

export interface TestRepo {
  dir: string;
  git: (...a: string[]) => string;
  write: (f: string, text: string | Buffer) => void;
}

/** A throwaway repository (no signing, a fixed identity unless a commit sets its own). */
export function testRepo(): TestRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-git-'));
  const git = (...a: string[]): string => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: GIT_ENV });
  git('init', '-q');
  git('config', 'commit.gpgsign', 'false');
  const write = (f: string, text: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  };
  return { dir, git, write };
}

/** For a describe block: `fresh()` makes a throwaway repository and `removeAfter(dir)` adds a folder; both are removed after each test. */
export function freshRepos(): { fresh: () => TestRepo; removeAfter: (dir: string) => void } {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  return {
    fresh: () => {
      const r = testRepo();
      dirs.push(r.dir);
      return r;
    },
    removeAfter: (dir) => void dirs.push(dir),
  };
}
