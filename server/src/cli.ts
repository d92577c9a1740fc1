import { promises as fs } from 'node:fs';
import { builtinPack } from './packs/builtin';
import { failsAt, toReport } from './report/findings';
import { formatJson } from './report/json';
import { formatSarif } from './report/sarif';
import { formatText } from './report/text';
import { Severity } from './engine/types';
import { VIGIL_VERSION } from './version';
import { scanFiles } from './workspace/scanFiles';

// The command-line front end. Its flags, exit codes and JSON fields are a contract other tools
// rely on: extend it only compatibly.
//   vigil scan [paths...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|info|never]
//   exit 0: nothing at or above --fail-on; 1: findings at or above it; 2: usage or configuration error.

const USAGE = `Usage: vigil scan [paths...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|info|never]

Scans files and folders (default: the current folder) for hardcoded secrets, unencrypted
transport and weak cryptography, with the same engine and rules as the Vigil VS Code extension.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of standard output
  --fail-on LEVEL            exit 1 when a finding is at or above LEVEL: error, warning (default), info, never
  --version                  print the version
  --help                     print this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.`;

type Format = 'text' | 'json' | 'sarif';

interface ScanArgs {
  paths: string[];
  format: Format;
  output?: string;
  failOn: Severity | 'never';
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): { command: 'help' | 'version' } | { command: 'scan'; args: ScanArgs } {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  if (argv[0] !== 'scan') throw new UsageError(`unknown command "${argv[0]}" (try: vigil scan [paths...])`);
  const args: ScanArgs = { paths: [], format: 'text', failOn: 'warning' };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${v}")`);
        args.format = v;
        break;
      }
      case '--output':
        args.output = value();
        break;
      case '--fail-on': {
        const v = value();
        if (v !== 'error' && v !== 'warning' && v !== 'info' && v !== 'never') throw new UsageError(`--fail-on must be error, warning, info or never (got "${v}")`);
        args.failOn = v;
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        args.paths.push(arg);
    }
  }
  if (args.paths.length === 0) args.paths.push('.');
  return { command: 'scan', args };
}

export async function main(argv: string[], stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr(`vigil: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.command !== 'scan') {
    stdout((parsed.command === 'help' ? USAGE : VIGIL_VERSION) + '\n');
    return 0;
  }
  const { args } = parsed;
  const { pack, problems } = builtinPack();
  if (problems.length > 0) {
    stderr(`vigil: rule pack ${problems[0].pack}: ${problems[0].path}: ${problems[0].message}\n`);
    return 2;
  }
  for (const p of args.paths) {
    try {
      await fs.stat(p);
    } catch {
      stderr(`vigil: no such file or folder: ${p}\n`);
      return 2;
    }
  }
  const scan = await scanFiles(args.paths, process.cwd(), pack);
  const report = toReport(scan);
  const body =
    args.format === 'json' ? formatJson(report, VIGIL_VERSION) + '\n'
    : args.format === 'sarif' ? formatSarif(report, pack, VIGIL_VERSION) + '\n'
    : formatText(report);
  if (args.output) {
    try {
      await fs.writeFile(args.output, body);
    } catch (err) {
      stderr(`vigil: cannot write ${args.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 2;
    }
  } else {
    stdout(body);
  }
  return failsAt(report.findings, args.failOn) ? 1 : 0;
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
