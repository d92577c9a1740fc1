import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

export type HookKind = 'pre-commit' | 'pre-push';

/** What the hook runs: the next commit's content, or the commits being pushed (refs on stdin). */
const CHECK: Record<HookKind, string> = {
  'pre-commit': 'scan --staged --fail-on error',
  'pre-push': 'scan --pre-push="$1" --fail-on error',
};

/** When the CLI is missing: say so and let git go on (default), or stop it (`policy.hookWithoutCli: "block"`). */
export type MissingCli = 'warn' | 'block';

const INSTALL_CLI =
  'install the Vigil CLI in this project from the tarball your team distributes (npm i -D ./vigil-scan-<version>.tgz), or install the Vigil VS Code extension and run its Install Pre-commit Hook command';

/**
 * The block Vigil owns in a hook, between markers so that a later Vigil can find and update it.
 * It runs first: whatever the rest of the hook does (`exit 0`, `exec`), the check has run. A
 * pre-push check reads git's ref lines, then hands the same lines to the rest of the hook.
 */
export function hookBlock(kind: HookKind, missing: MissingCli, bundledCli?: string): string[] {
  const notFound = `echo "vigil: the Vigil CLI was not found (not in node_modules/.bin nor on PATH); ${kind} check ${missing === 'block' ? 'failed' : 'skipped'}: ${INSTALL_CLI}" >&2${missing === 'block' ? '; exit 1' : ''}`;
  // The project's own CLI first, then one on PATH, then the one the editor extension carries.
  const bundled = bundledCli ? ` elif [ -f ${shellQuote(bundledCli)} ] && command -v node >/dev/null 2>&1; then VIGIL=node; VIGIL_JS=${shellQuote(bundledCli)};` : '';
  const find = `VIGIL=; VIGIL_JS=; if [ -x node_modules/.bin/vigil ]; then VIGIL=node_modules/.bin/vigil; elif command -v vigil >/dev/null 2>&1; then VIGIL=vigil;${bundled} fi`;
  const run = '"$VIGIL" ${VIGIL_JS:+"$VIGIL_JS"}';
  if (kind === 'pre-commit') {
    return [`# vigil ${kind} check`, find, `if [ -n "$VIGIL" ]; then ${run} ${CHECK[kind]} || exit 1; else ${notFound}; fi`, `# end vigil ${kind} check`];
  }
  return [
    `# vigil ${kind} check`,
    'VIGIL_REFS=$(cat)',
    find,
    `if [ -n "$VIGIL" ]; then printf '%s\\n' "$VIGIL_REFS" | ${run} ${CHECK[kind]} || exit 1; else ${notFound}; fi`,
    'exec 0<<VIGIL_REFS_END',
    '$VIGIL_REFS',
    'VIGIL_REFS_END',
    `# end vigil ${kind} check`,
  ];
}

/** A single-quoted shell word: safe for any path. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const SHELLS = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\/\S*\/)?(?:sh|bash|dash|zsh|ksh|ash)\b/;

export interface HookResult {
  ok: boolean;
  message: string;
}

/**
 * Installs the check in the repository's hook, working with what the team already has: an existing
 * shell hook keeps its content (the check runs first), husky's hook files, `core.hooksPath`. Where
 * Vigil cannot chain safely (a hook in another language, lefthook, the pre-commit framework) it
 * changes nothing and says what to add by hand.
 */
export interface HookOptions {
  kind?: HookKind;
  missing?: MissingCli;
  /** A CLI to fall back on (the editor extension's dist/cli.js, run with node). */
  bundledCli?: string;
}

export async function installHook(cwd: string, options: HookOptions = {}): Promise<HookResult> {
  const { kind = 'pre-commit', missing = 'warn', bundledCli } = options;
  let top: string;
  let hooksDir: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    hooksDir = path.resolve(cwd, execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { encoding: 'utf8', cwd }).trim());
  } catch {
    return { ok: false, message: 'install-hook must run inside a git repository (git init first)' };
  }
  const command = `vigil ${CHECK[kind].replace('="$1"', '')}`;
  const manager = hookManager(top);
  if (manager)
    return {
      ok: false,
      message: `this repository runs its git hooks with ${manager.name}, which would overwrite an edited hook: nothing was changed. Add the check to ${manager.file}:\n${manager.snippet(kind, command)}`,
    };
  // husky 9 points core.hooksPath at .husky/_ (its own generated files): the team's hooks are .husky/<hook>.
  const hook = path.basename(hooksDir) === '_' && path.basename(path.dirname(hooksDir)) === '.husky' ? path.join(path.dirname(hooksDir), kind) : path.join(hooksDir, kind);
  const block = hookBlock(kind, missing, bundledCli);
  const existing = existsSync(hook) ? await fs.readFile(hook, 'utf8') : undefined;
  const shown = path.relative(cwd, hook) || hook;
  if (existing === undefined) {
    await fs.mkdir(path.dirname(hook), { recursive: true });
    await fs.writeFile(hook, ['#!/bin/sh', ...block, ''].join('\n'));
    chmodSync(hook, 0o755);
    return { ok: true, message: `installed ${shown}: ${kind === 'pre-commit' ? 'commits' : 'pushes'} now run \`${command}\`` };
  }
  const lines = existing.split('\n');
  const shebang = lines[0].startsWith('#!') ? lines[0] : undefined;
  if (shebang && !SHELLS.test(shebang)) {
    return {
      ok: false,
      message: `${shown} is not a shell script (${shebang.slice(2).trim()}): Vigil cannot add itself safely, nothing was changed. Run \`${command}\` from it and stop when it exits non-zero${kind === 'pre-push' ? ' (pass it the lines git gives the hook on stdin, and the remote name as --pre-push=REMOTE)' : ''}`,
    };
  }
  const at = lines.indexOf(block[0]);
  if (at >= 0) {
    const end = lines.indexOf(`# end vigil ${kind} check`, at);
    // An older Vigil wrote three lines and no end marker.
    const length = end >= 0 ? end - at + 1 : 3;
    if (lines.slice(at, at + length).join('\n') === block.join('\n')) return { ok: true, message: `${shown} already runs vigil` };
    lines.splice(at, length, ...block);
    await fs.writeFile(hook, lines.join('\n'));
    chmodSync(hook, 0o755);
    return { ok: true, message: `updated ${shown}: ${kind === 'pre-commit' ? 'commits' : 'pushes'} now run \`${command}\`` };
  }
  // First thing after the shebang (and husky 4-8's `. "$(dirname "$0")/_/husky.sh"`): an `exit 0`
  // or `exec` further down can then never skip the check.
  let insertAt = shebang ? 1 : 0;
  while (insertAt < lines.length && insertAt < 4 && /husky\.sh/.test(lines[insertAt])) insertAt++;
  lines.splice(insertAt, 0, ...block);
  await fs.writeFile(hook, lines.join('\n'));
  chmodSync(hook, 0o755);
  return { ok: true, message: `added to ${shown} (before its own commands): ${kind === 'pre-commit' ? 'commits' : 'pushes'} now run \`${command}\`` };
}

interface HookManager {
  name: string;
  file: string;
  snippet(kind: HookKind, command: string): string;
}

/** Tools that generate .git/hooks themselves: an edit there would be lost at their next install. */
function hookManager(top: string): HookManager | undefined {
  const lefthook = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml'].find((f) => existsSync(path.join(top, f)));
  if (lefthook) {
    const run = (kind: HookKind, command: string): string => (kind === 'pre-push' ? 'vigil scan --pre-push={1} --fail-on error\n      use_stdin: true' : command);
    return { name: 'lefthook', file: lefthook, snippet: (kind, command) => `${kind}:\n  commands:\n    vigil:\n      run: ${run(kind, command)}` };
  }
  if (existsSync(path.join(top, '.pre-commit-config.yaml'))) {
    return {
      name: 'the pre-commit framework',
      file: '.pre-commit-config.yaml',
      snippet: (kind, command) =>
        `  - repo: local\n    hooks:\n      - id: vigil\n        name: vigil\n        entry: ${kind === 'pre-push' ? `sh -c 'vigil scan --history --range "$PRE_COMMIT_FROM_REF..$PRE_COMMIT_TO_REF" --fail-on error'` : command}\n        language: system\n        pass_filenames: false\n        stages: [${kind}]`,
    };
  }
  return undefined;
}
