import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Lines changed against a git ref (default HEAD), per file relative to `cwd`: added or modified
 * lines of tracked files, and every line of untracked files. For `vigil scan --changed`.
 */
export async function changedLines(cwd: string, ref = 'HEAD'): Promise<Map<string, Set<number> | 'all'>> {
  const changed = new Map<string, Set<number> | 'all'>();
  const prefix = (await run('git', ['rev-parse', '--show-prefix'], { cwd })).stdout.trim();
  const strip = (p: string): string | undefined => (p.startsWith(prefix) ? p.slice(prefix.length) : undefined);
  const diff = (await run('git', ['diff', '--unified=0', '--no-color', '--no-ext-diff', ref, '--', '.'], { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
  let file: string | undefined;
  for (const line of diff.split('\n')) {
    const header = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/.exec(line);
    if (header) {
      file = header[1] === undefined ? undefined : strip(header[1]);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      const set = changed.get(file);
      const lines = set instanceof Set ? set : new Set<number>();
      for (let l = start; l < start + count; l++) lines.add(l);
      changed.set(file, lines);
    }
  }
  const untracked = (await run('git', ['ls-files', '--others', '--exclude-standard'], { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout;
  for (const f of untracked.split('\n').filter(Boolean)) changed.set(f, 'all');
  return changed;
}
