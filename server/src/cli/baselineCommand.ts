import { parseFlags, one, UsageError } from './args';
import { DEFAULT_BASELINE, writeBaseline } from '../workspace/baseline';
import * as os from 'node:os';
import { activePackFor, defaultThreads, describeProblem, Io } from './scan';
import { scanFiles } from '../workspace/scanFiles';
import { packErrors } from '../packs/load';

/** `vigil baseline create|update [paths]`: accept today's findings so CI fails only on new ones. */
export async function baselineCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'update') throw new UsageError(`unknown baseline command "${sub ?? ''}" (create, update)`);
  const args = parseFlags(rest, { output: 'string', pack: 'multi' });
  const file = one(args, 'output') ?? DEFAULT_BASELINE;
  const { pack, problems } = await activePackFor(process.cwd(), args.values.get('pack') ?? [], []);
  for (const p of problems) io.stderr(`vigil: ${describeProblem(p)}\n`);
  // Threads as `vigil scan` chooses them: a small tree on two cores is faster on one.
  const threads = defaultThreads(os.availableParallelism?.() ?? os.cpus().length);
  const scan = await scanFiles(args.positional.length > 0 ? args.positional : ['.'], process.cwd(), pack, { useCallingThread: true, ...threads });
  const all = scan.files.flatMap((f) => f.findings.map((x) => ({ fingerprint: x.fingerprint, ruleId: x.ruleId, file: f.file })));
  // The team policy holds here too: a baseline cannot accept what no suppression may.
  const findings = all.filter((f) => !pack.policy.unsuppressible.has(f.ruleId));
  await writeBaseline(file, findings);
  io.stdout(`${sub === 'create' ? 'created' : 'updated'} ${file}: ${findings.length} accepted findings (fingerprints only, no values)\n`);
  const refused = all.length - findings.length;
  if (refused > 0) {
    const rules = [...new Set(all.filter((f) => pack.policy.unsuppressible.has(f.ruleId)).map((f) => f.ruleId))].sort().join(', ');
    io.stderr(`vigil: ${refused} finding${refused === 1 ? '' : 's'} not accepted: the team policy does not allow suppressing ${rules}; fix ${refused === 1 ? 'it' : 'them'} in the code\n`);
  }
  return packErrors(problems).length > 0 ? 2 : 0;
}
