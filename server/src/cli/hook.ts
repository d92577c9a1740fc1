import * as path from 'node:path';
import { BUILD_ID } from '../version';
import { installHook } from '../workspace/gitHook';
import { parseFlags } from './args';
import { activePackFor, Io } from './scan';

/**
 * `vigil install-hook [--pre-push]`: a git hook running `vigil scan --staged` (what the commit
 * holds) or `vigil scan --pre-push` (the commits being pushed). An existing hook is kept and the
 * check runs first; installing twice changes nothing. The team pack's `policy.hookWithoutCli`
 * decides whether the hook blocks or warns when the CLI is missing.
 */
export async function installHookCommand(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { 'pre-push': 'boolean' } as const);
  const { pack } = await activePackFor(process.cwd(), [], []);
  // Run from a bundle (an unpacked tarball, the extension's copy): the hook can fall back on it.
  const self = BUILD_ID && process.argv[1] ? path.resolve(process.argv[1]) : undefined;
  const result = await installHook(process.cwd(), { kind: args.values.has('pre-push') ? 'pre-push' : 'pre-commit', missing: pack.policy.hookWithoutCli ?? 'warn', bundledCli: self });
  (result.ok ? io.stdout : io.stderr)(`${result.ok ? '' : 'vigil: '}${result.message}\n`);
  return result.ok ? 0 : 2;
}
