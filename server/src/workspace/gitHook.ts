import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

const MARKER = '# vigil pre-commit check';

/** Installs (or appends) the pre-commit hook of the git repository containing `cwd`. */
export async function installHook(cwd: string): Promise<{ ok: boolean; message: string }> {
  let hooksDir: string;
  try {
    hooksDir = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { encoding: 'utf8', cwd }).trim();
  } catch {
    return { ok: false, message: 'install-hook must run inside a git repository (git init first)' };
  }
  const hook = path.resolve(cwd, hooksDir, 'pre-commit');
  // Prefers the project's own vigil; says so (and does not block the commit) when none is installed.
  const block = [
    MARKER,
    'if [ -x node_modules/.bin/vigil ]; then VIGIL=node_modules/.bin/vigil; elif command -v vigil >/dev/null 2>&1; then VIGIL=vigil; else VIGIL=; fi',
    'if [ -n "$VIGIL" ]; then "$VIGIL" scan --changed --fail-on error || exit 1; else echo "vigil: not installed (npm i -D vigil); pre-commit check skipped" >&2; fi',
    '',
  ].join('\n');
  const existing = existsSync(hook) ? await fs.readFile(hook, 'utf8') : undefined;
  if (existing?.includes(MARKER)) return { ok: true, message: `${hook} already runs vigil` };
  await fs.mkdir(path.dirname(hook), { recursive: true });
  if (existing === undefined) await fs.writeFile(hook, `#!/bin/sh\n${block}`);
  else await fs.appendFile(hook, `${existing.endsWith('\n') ? '' : '\n'}\n${block}`);
  chmodSync(hook, 0o755);
  return { ok: true, message: `${existing === undefined ? 'installed' : 'appended to'} ${hook}: commits now run \`vigil scan --changed --fail-on error\`` };
}
