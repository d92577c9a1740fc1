import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { formatLeaksHtml, formatLeaksMarkdown, leaksReport } from '../report/leaks';
import { VIGIL_VERSION } from '../version';
import { excludedWhenTracked } from '../workspace/discover';
import { findLeaks, hasCommits } from '../workspace/gitLeaks';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/read';
import { one, parseFlags, UsageError } from './args';
import { activePackFor, describeProblem, Io } from './scan';
import { packErrors } from '../packs/load';

const FORMATS = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.json': 'json' } as const;

/**
 * `vigil report leaks`: every secret the selected people added or could have seen, grouped by
 * provider with what to do, for offboarding a contractor or answering an incident. Exit 1 when
 * there is something to rotate, 0 when not, 2 on a usage or configuration error.
 */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'leaks') throw new UsageError(`unknown report "${sub ?? ''}" (try: vigil report leaks [--author PATTERN] [--since DATE] [--output FILE.html|.md|.json])`);
  const args = parseFlags(rest, { author: 'string', since: 'string', until: 'string', range: 'string', 'all-branches': 'boolean', output: 'string', format: 'string', pack: 'multi' } as const);
  const output = one(args, 'output');
  const byName = output ? FORMATS[path.extname(output).toLowerCase() as keyof typeof FORMATS] : undefined;
  const format = one(args, 'format', ['md', 'json', 'html'] as const) ?? byName ?? 'md';
  if (output && !byName && !args.values.has('format')) throw new UsageError(`--output ${output}: name it .html, .md or .json (or give --format)`);
  const range = one(args, 'range');
  if (range !== undefined && (range === '' || range.startsWith('-'))) throw new UsageError(`--range takes a revision range such as main..feature (got "${range}")`);
  const all = args.values.has('all-branches');
  if (all && range) throw new UsageError('--range and --all-branches cannot be combined');
  const cwd = process.cwd();
  if (!(await hasCommits(cwd))) throw new UsageError('report leaks needs a git repository with commits (run it inside the repository)');
  const { pack, problems } = await activePackFor(cwd, args.values.get('pack') ?? [], []);
  for (const p of problems) io.stderr(`vigil: ${describeProblem(p)}\n`);
  const people = { author: one(args, 'author'), since: one(args, 'since'), until: one(args, 'until') };
  let search: Awaited<ReturnType<typeof findLeaks>>;
  try {
    search = await findLeaks(cwd, pack, people, { range, all, paths: args.positional }, { maxFileBytes: DEFAULT_MAX_FILE_BYTES, excluded: (f) => excludedWhenTracked(f) });
  } catch (err) {
    throw new UsageError(`report leaks: ${(err as Error).message}`);
  }
  const report = leaksReport(search, pack, { ...people, ...(range ? { range } : {}), ...(all ? { allBranches: true } : {}) }, VIGIL_VERSION);
  const body = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'html' ? formatLeaksHtml(report) : formatLeaksMarkdown(report);
  if (output) {
    try {
      await fs.writeFile(output, body);
    } catch (err) {
      throw new UsageError(`cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    io.stderr(`vigil: wrote ${output}: ${report.summary.leaks} secret${report.summary.leaks === 1 ? '' : 's'} to rotate\n`);
  } else io.stdout(body);
  if (packErrors(problems).length > 0) return 2;
  return report.summary.leaks > 0 ? 1 : 0;
}
