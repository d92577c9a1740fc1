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
    'if [ -n "$VIGIL" ]; then "$VIGIL" scan --staged --fail-on error || exit 1; else echo "vigil: the Vigil CLI was not found (not in node_modules/.bin nor on PATH); pre-commit check skipped" >&2; fi',
    '',
  ].join('\n');
  const existing = existsSync(hook) ? await fs.readFile(hook, 'utf8') : undefined;
  if (existing?.includes(MARKER)) {
    // A block from an earlier Vigil (which checked the working tree) is replaced in place.
    const lines = existing.split('\n');
    const at = lines.indexOf(MARKER);
    const current = lines.slice(at, at + 3).join('\n');
    if (at < 0 || `${current}\n` === block) return { ok: true, message: `${hook} already runs vigil` };
    lines.splice(at, 3, ...block.trimEnd().split('\n'));
    await fs.writeFile(hook, lines.join('\n'));
    return { ok: true, message: `updated ${hook}: commits now run \`vigil scan --staged --fail-on error\`` };
  }
  await fs.mkdir(path.dirname(hook), { recursive: true });
  if (existing === undefined) await fs.writeFile(hook, `#!/bin/sh\n${block}`);
  else await fs.appendFile(hook, `${existing.endsWith('\n') ? '' : '\n'}\n${block}`);
  chmodSync(hook, 0o755);
  return { ok: true, message: `${existing === undefined ? 'installed' : 'appended to'} ${hook}: commits now run \`vigil scan --staged --fail-on error\`` };
}
