import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lspClient';

// The first minute in an editor: the startup scan runs once, whatever the client sends while the
// server starts, and findings reach the client while the scan goes on, not only when it ends.

const FILES = 400;

/** A workspace big enough that a scan takes a while: every tenth file has a finding. */
function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-first-minute-'));
  mkdirSync(path.join(dir, 'src'));
  // Some bulk per file, so analysing is not instantaneous.
  const body = Array.from({ length: 60 }, (_, i) => `export function f${i}(a: number, b: string): string {\n  return b.repeat(a) + '${i}';\n}`).join('\n');
  for (let i = 0; i < FILES; i++) {
    const finding = i % 10 === 0 ? `\nexport const ping${i} = () => fetch('http://api.partner-${i}.io/v1/ping');\n` : '\n';
    writeFileSync(path.join(dir, 'src', `m${String(i).padStart(3, '0')}.ts`), body + finding);
  }
  return dir;
}

describe('the first minute: one startup scan, findings as they come', function () {
  this.timeout(120_000);
  let dir: string;
  let lsp: LspSession;

  before(() => {
    dir = makeWorkspace();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => lsp?.dispose());

  it('starts the startup scan once although configuration notifications and an opened file arrive meanwhile', async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), true);
    // What vscode-languageclient sends right after start: didChangeConfiguration once for its own
    // synchronisation and once when the server registers for it, both with `settings: null`.
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const opened = pathToFileURL(path.join(dir, 'src/m000.ts')).toString();
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: opened, languageId: 'typescript', version: 1, text: "fetch('http://api.opened-partner.io/x');\n" } });
    await waitFor(
      () => lsp.timeline.some((e) => e.method === 'vigil/scanFinished'),
      90_000,
      () => JSON.stringify(lsp.timeline.filter((e) => e.method.startsWith('vigil/'))),
    );
    // Anything still queued (a late configuration change) would start its scan within this time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const starts = lsp.timeline.filter((e) => e.method === 'vigil/scanStarted');
    const finishes = lsp.timeline.filter((e) => e.method === 'vigil/scanFinished');
    assert.equal(starts.length, 1, `scan starts: ${JSON.stringify(lsp.timeline.filter((e) => e.method.startsWith('vigil/')))}`);
    assert.equal(finishes.length, 1);
    const summary = finishes[0].params as { files: number; findings: number; cancelled: boolean };
    assert.equal(summary.cancelled, false);
    assert.equal(summary.files, FILES);
    assert.equal(summary.findings, FILES / 10);
    assert.equal(lsp.progress.filter((p) => p.kind === 'begin').length, 1, 'one progress bar, not three');
    assert.ok(!lsp.logs.some((l) => /\(cancelled\)/.test(l)), lsp.logs.join('\n'));
    // The opened document answers for itself (its buffer, not the disk).
    assert.equal((await lsp.waitForDiagnostics(opened, (p) => p.diagnostics.length === 1)).diagnostics[0].code, 'transport.insecure-url');
  });

  it('publishes diagnostics in batches while the scan runs, before the scan-finished notification', async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), true);
    await waitFor(() => lsp.timeline.some((e) => e.method === 'vigil/scanFinished'), 90_000);
    const started = lsp.timeline.findIndex((e) => e.method === 'vigil/scanStarted');
    const finished = lsp.timeline.findIndex((e) => e.method === 'vigil/scanFinished');
    const diagnostics = lsp.timeline.map((e, i) => ({ ...e, i })).filter((e) => e.method === 'textDocument/publishDiagnostics');
    // Files with findings get them; a clean file that never showed anything gets no (empty) message.
    assert.equal(new Set(diagnostics.map((d) => d.uri)).size, FILES / 10, 'every file with findings gets its diagnostics');
    assert.ok(
      diagnostics.every((d) => (d.count ?? 0) > 0),
      'no empty list for a file that showed nothing',
    );
    assert.ok(
      diagnostics.every((d) => d.i > started && d.i < finished),
      'all diagnostics between scan start and scan end',
    );
    // Streamed: the first results arrive while the scan is still reporting progress.
    const firstDiagnostics = diagnostics[0].i;
    const progressAfter = lsp.timeline.slice(firstDiagnostics, finished).filter((e) => e.method === '$/progress' && e.kind === 'report');
    assert.ok(progressAfter.length > 0, 'progress reports after the first diagnostics: results were not held until the end');
    const lastReport = lsp.timeline
      .map((e, i) => ({ ...e, i }))
      .filter((e) => e.method === '$/progress' && e.kind === 'report')
      .at(-1)!.i;
    assert.ok(
      diagnostics.some((d) => (d.count ?? 0) > 0 && d.i < lastReport),
      'findings shown in Problems before the scan is done',
    );
    const span = lsp.timeline[finished].at - lsp.timeline[started].at;
    const firstAt = diagnostics[0].at - lsp.timeline[started].at;
    assert.ok(firstAt < span, `first diagnostics after ${firstAt} ms of a ${span} ms scan`);
    // Batches, not one message burst at the end: diagnostics arrive at several distinct moments.
    const moments = new Set(diagnostics.map((d) => Math.floor((d.at - lsp.timeline[started].at) / 100)));
    assert.ok(moments.size >= 2, `diagnostics arrived in ${moments.size} bursts over ${span} ms`);
  });
});

async function waitFor(test: () => boolean, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
