import { parseFlags, one, UsageError } from './args';
import { DEFAULT_BASELINE, writeBaseline } from '../workspace/baseline';
import { activePackFor, describeProblem, Io } from './scan';
import { scanFiles } from '../workspace/scanFiles';

/** `vigil baseline create|update [paths]`: accept today's findings so CI fails only on new ones. */
export async function baselineCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'update') throw new UsageError(`unknown baseline command "${sub ?? ''}" (create, update)`);
  const args = parseFlags(rest, { output: 'string', pack: 'multi' });
  const file = one(args, 'output') ?? DEFAULT_BASELINE;
  const { pack, problems } = await activePackFor(process.cwd(), args.values.get('pack') ?? [], []);
  for (const p of problems) io.stderr(`vigil: ${describeProblem(p)}\n`);
  const scan = await scanFiles(args.positional.length > 0 ? args.positional : ['.'], process.cwd(), pack, { useCallingThread: true });
  const findings = scan.files.flatMap((f) => f.findings.map((x) => ({ fingerprint: x.fingerprint, ruleId: x.ruleId, file: f.file })));
  await writeBaseline(file, findings);
  io.stdout(`${sub === 'create' ? 'created' : 'updated'} ${file}: ${findings.length} accepted findings (fingerprints only, no values)\n`);
  return problems.length > 0 ? 2 : 0;
}
