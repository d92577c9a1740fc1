import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from './generate';
import { quantile, typeInto } from './typing';
import { LspSession } from '../protocol/lspClient';

// `npx tsx test/bench/editsDuringScan.ts [FILES]` (after `npm run bench` has installed effect):
// the real server scans a generated workspace of FILES (default 27,000) at startup while a
// 2,000-line module is typed into, one character at a time, 200 times; prints edit → diagnostics
// latency during the scan (issue 18: p99 ≤ 50 ms, max ≤ 150 ms), the scan's duration and the
// server's peak memory, to compare with `vigil scan` on the same tree. The server starts as the
// extension starts it (a code cache for the compiler, an empty result cache). Figures, not a test.
(async () => {
  const files = Number(process.argv[2] ?? 27_000);
  const root = path.join(os.tmpdir(), `vigil-bench/edits-${files}`);
  const module = path.join(os.tmpdir(), 'vigil-bench/effect/src/Schedule.ts');
  if (!existsSync(module)) throw new Error(`${module} is missing: run npm run bench once (it copies effect there)`);
  if (!existsSync(path.join(root, 'packages'))) generate(root, files);
  const lsp = new LspSession();
  // As the extension starts the server: the compiler's bytecode kept from an earlier session (the
  // first run here fills it), and a result cache that holds nothing for this workspace yet.
  const results = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-results-'));
  const t0 = Date.now();
  await lsp.initialize(pathToFileURL(root).toString(), true, { codeCacheDir: path.join(os.tmpdir(), 'vigil-bench/code-cache'), resultCacheDir: results }, { debounceMs: 0 });
  // A real 2,000-line module, opened and typed into while the startup scan runs.
  const src = readFileSync(module, 'utf8');
  const file = path.join(root, 'edited.ts');
  const uri = pathToFileURL(file).toString();
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: src } });
  let during = 0;
  const lat = await typeInto(lsp, uri, src, 200, 60_000, () => {
    if (!lsp.timeline.some((e) => e.method === 'vigil/scanFinished')) during++;
  });
  await lsp.waitForScanFinished(300_000);
  const scanMs = Date.now() - t0;
  const q = (p: number): string => quantile(lat, p).toFixed(1);
  console.log(
    `${files} files, load ${os.loadavg()[0].toFixed(1)}: edits during the startup scan: ${during} of 200; p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${lat[lat.length - 1].toFixed(1)} ms; scan finished after ${(scanMs / 1000).toFixed(1)} s`,
  );
  const stats = (await lsp.connection.sendRequest('vigil/stats')) as { peakRssMb: number };
  console.log(`server peak RSS ${stats.peakRssMb} MB`);
  await lsp.dispose();
  rmSync(results, { recursive: true, force: true });
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
