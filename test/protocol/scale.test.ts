import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../bench/generate';
import { LspSession } from './lspClient';

// A workspace of 10,000 files through the real server: every file is analysed (on scan workers),
// the planted findings are all reported, and afterwards the server keeps syntax trees only for
// open documents. Memory is checked against a generous bound (the benchmark reports the figure).

describe('a 10,000-file workspace', function () {
  this.timeout(300_000);
  let dir: string;
  let planted: number;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-scale-'));
    planted = generate(dir, 10_000).planted;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is scanned completely, with bounded memory and no syntax tree kept for files that are not open', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), false);
      const folder = path.join(dir, 'packages/pkg0/src/mod0');
      const file = path.join(
        folder,
        readdirSync(folder).find((f) => f.endsWith('.ts'))!,
      );
      const uri = pathToFileURL(file).toString();
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: readFileSync(file, 'utf8') } });
      await lsp.waitForDiagnostics(uri);
      // While the scan runs, the nice value of each of the server's threads (Linux: /proc/PID/task).
      const nice = new Map<number, number>();
      const base = threadNiceValues(lsp.pid!).get(lsp.pid!) ?? 0;
      let scanning = true;
      const watch = (async () => {
        while (scanning && process.platform === 'linux') {
          for (const [tid, value] of threadNiceValues(lsp.pid!)) nice.set(tid, Math.max(value, nice.get(tid) ?? -20));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const summary = (await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] })) as { files: number; findings: number };
      scanning = false;
      await watch;
      if (process.platform === 'linux') {
        // The scan worker gives way to the editor; the thread that answers edits does not.
        assert.equal(nice.get(lsp.pid!), base, 'the server thread keeps its priority');
        assert.ok(
          [...nice].some(([tid, value]) => tid !== lsp.pid && value >= Math.max(base, 10)),
          `a scan thread at nice 10 or lower priority (seen: ${JSON.stringify([...nice])})`,
        );
      }
      assert.equal(summary.files, 10_000);
      assert.ok(summary.findings >= planted, `${summary.findings} findings for ${planted} planted`);
      const stats = (await lsp.connection.sendRequest('vigil/stats')) as { openDocuments: number; syntaxTrees: number; peakRssMb: number; heapUsedMb: number };
      assert.equal(stats.openDocuments, 1);
      assert.equal(stats.syntaxTrees, 1, 'only the open document keeps its syntax tree');
      assert.ok(stats.peakRssMb < 700, `peak RSS ${stats.peakRssMb} MB during the scan (bound 700 MB; target 400 MB in the benchmark)`);
      console.log(`      10,000 files, ${summary.findings} findings; server peak RSS ${stats.peakRssMb} MB, heap after the scan ${stats.heapUsedMb} MB`);
    } finally {
      await lsp.dispose();
    }
  });
});

/** Nice value of each thread of a process, from /proc/PID/task/TID/stat (field 19, after the parenthesised name). */
function threadNiceValues(pid: number): Map<number, number> {
  const values = new Map<number, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return values;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      values.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return values;
}
