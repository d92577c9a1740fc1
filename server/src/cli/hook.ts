import { installHook } from '../workspace/gitHook';
import { Io } from './scan';

/**
 * `vigil install-hook`: a git pre-commit hook running `vigil scan --staged` (what the commit holds). An existing hook is
 * kept and the check appended (never clobbered); installing twice changes nothing.
 */
export async function installHookCommand(_argv: string[], io: Io): Promise<number> {
  const result = await installHook(process.cwd());
  (result.ok ? io.stdout : io.stderr)(`${result.ok ? '' : 'vigil: '}${result.message}\n`);
  return result.ok ? 0 : 2;
}
