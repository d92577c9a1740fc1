// One measured run for bench:history (history.ts): `floor REPO` or `vigil REPO`; prints
// {ms, findings, detail} as JSON. Timed from here, after module loading.
import { activePackFor } from '../../server/src/cli/scan';
import { excludedWhenTracked } from '../../server/src/workspace/discover';
import { SUBMODULE_MODE, SYMLINK_MODE, ZERO_BLOB } from '../../server/src/workspace/gitDiff';
import { scanHistory, secretRules } from '../../server/src/workspace/gitHistory';
import { gitLog } from '../../server/src/workspace/gitLog';
import { DEFAULT_MAX_FILE_BYTES } from '../../server/src/workspace/read';
import { scanSources, Source } from '../../server/src/workspace/scanFiles';
import { CompiledPack } from '../../server/src/packs/load';

/** The floor: every commit's added lines (no context, no dedupe, no whole files) through the same secret rules. */
async function floor(repo: string, pack: CompiledPack): Promise<{ findings: number; detail: string }> {
  const secrets = secretRules(pack);
  let batch: Source[] = [];
  let paths = new Set<string>();
  let findings = 0;
  let texts = 0;
  const flush = async (): Promise<void> => {
    const scan = await scanSources(batch, repo, secrets, { concurrency: 0 });
    findings += scan.files.reduce((n, f) => n + f.findings.length, 0);
    texts += batch.length;
    batch = [];
    paths = new Set();
  };
  for await (const commit of gitLog(repo, { context: 0 })) {
    for (const f of commit.files) {
      if (f.status === 'D' || ZERO_BLOB.test(f.newBlob) || f.newMode === SUBMODULE_MODE || f.newMode === SYMLINK_MODE || excludedWhenTracked(f.path)) continue;
      if (f.fragment === '') continue;
      if (paths.has(f.path) || batch.length >= 256) await flush();
      batch.push({ relative: f.path, text: f.fragment });
      paths.add(f.path);
    }
  }
  await flush();
  return { findings, detail: `${texts} patches scanned` };
}

async function vigil(repo: string, pack: CompiledPack): Promise<{ findings: number; detail: string }> {
  const scan = await scanHistory(repo, pack, {}, { maxFileBytes: DEFAULT_MAX_FILE_BYTES, excluded: (f) => excludedWhenTracked(f) });
  return { findings: scan.findings.length, detail: `${scan.commits} commits, ${scan.blobs} blobs looked at, ${scan.analysed} analysed whole` };
}

async function main(): Promise<void> {
  const [mode, repo] = process.argv.slice(2);
  const { pack } = await activePackFor(repo, [], []);
  const started = process.hrtime.bigint();
  const result = mode === 'floor' ? await floor(repo, pack) : await vigil(repo, pack);
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, ...result }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
