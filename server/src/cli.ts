import { UsageError } from './cli/args';
import { baselineCommand } from './cli/baselineCommand';
import { installHookCommand } from './cli/hook';
import { reportCommand } from './cli/report';
import { packCommand } from './cli/pack';
import { Io, scanCommand } from './cli/scan';
import { VIGIL_VERSION } from './version';

// The command-line front end. `vigil scan`'s flags, exit codes and JSON fields are a contract
// other tools rely on: extend it only compatibly.
//   exit 0: nothing at or above --fail-on; 1: findings at or above it; 2: usage or configuration error.

const USAGE = `Usage:
  vigil scan [paths...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|info|never]
             [--pack PATH|NPM|URL#sha256=...]... [--baseline FILE | --no-baseline] [--changed[=REF] | --staged]
             [--history [--since DATE] [--until DATE] [--author PATTERN] [--range A..B | --all-branches]]
             [--pre-push[=REMOTE]]
             [--show-suppressed] [--report FILE.html] [--trusted-key KEY.pub.pem]...
             [--non-production lower|hide|same]
  vigil baseline create|update [paths...] [--output FILE]
  vigil pack init [--output FILE] | test PACK | sign PACK --key KEY.pem | verify PACK --pub KEY.pub.pem | keygen [--out NAME] [--force]
  vigil report leaks [--author PATTERN] [--since DATE] [--until DATE] [--range A..B | --all-branches]
             [--output FILE.html|.md|.json] [--pack ...]
  vigil install-hook [--pre-push]

Scans files and folders (default: the current folder) for hardcoded secrets, unencrypted
transport and weak cryptography, with the same engine, rule packs (built-in, .vigil/pack.json,
--pack), suppressions and baseline (.vigil/baseline.json) as the Vigil VS Code extension.

Findings in tests, fixtures, examples and docs are one severity lower (transport and crypto:
info) unless the pack's policy.nonProduction or --non-production says hide or same.

Exit codes: 0 no finding at or above --fail-on (default: the pack's policy, else warning),
1 findings at or above it, 2 usage or configuration error.`;

export async function main(argv: string[], stdout: (s: string) => void, stderr: (s: string) => void, stdin: () => Promise<string> = readStdin): Promise<number> {
  const io: Io = { stdout, stderr, stdin };
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || argv.includes('--help')) {
      stdout(USAGE + '\n');
      return 0;
    }
    if (command === '--version' || command === '-v') {
      stdout(VIGIL_VERSION + '\n');
      return 0;
    }
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io);
      case 'baseline':
        return await baselineCommand(rest, io);
      case 'pack':
        return await packCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      case 'install-hook':
        return await installHookCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}" (try: vigil scan [paths...])`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      stderr(`vigil: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

if (require.main === module) {
  main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`vigil: internal error: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
