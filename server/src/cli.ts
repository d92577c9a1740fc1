import { UsageError } from './cli/args';
import { baselineCommand } from './cli/baselineCommand';
import { installHookCommand } from './cli/hook';
import { reportCommand } from './cli/report';
import { packCommand } from './cli/pack';
import { Io, scanCommand } from './cli/scan';
import { VIGIL_VERSION } from './version';
import { COMMAND_HELP, USAGE } from './cli/help';
import { explainCommand } from './cli/explain';
import { detectTerminal, PLAIN, Terminal } from './cli/terminal';

// The command-line front end. `vigil scan`'s flags, exit codes and JSON fields are a contract
// other tools rely on: extend it only compatibly.
//   exit 0: nothing at or above --fail-on; 1: findings at or above it; 2: usage or configuration error.

/** `terminal`: colour and progress, which only the real process (below) turns on. */
export async function main(argv: string[], stdout: (s: string) => void, stderr: (s: string) => void, stdin: () => Promise<string> = readStdin, terminal: Terminal = PLAIN): Promise<number> {
  const io: Io = { stdout, stderr, stdin, terminal };
  try {
    const [command, ...rest] = argv;
    if (command === 'help' || argv.includes('--help') || argv.includes('-h') || command === undefined) {
      // `vigil help scan`, `vigil scan --help`: that command's help; otherwise the overview.
      const topic = command === 'help' ? rest[0] : command;
      stdout(`${(topic && COMMAND_HELP[topic]) || USAGE}\n`);
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
      case 'explain':
        return await explainCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}" (vigil --help lists the commands)`);
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
  const terminal = detectTerminal(process.env, process.stdout.isTTY, process.stderr.isTTY);
  main(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
    readStdin,
    terminal,
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`vigil: internal error: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
