import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { LspSession, TEXT_DOCUMENT_CAPABILITIES } from './lspClient';

// Files changed outside the editor (a checkout, a pull, a file deleted in a terminal) reach the
// Problems panel: the server asks the client to watch every file, and after a quiet moment scans
// the workspace again (warm). Changes a scan would leave out, and open documents' saves, do not
// start a scan; a burst of changes starts one.

const QUIET_MS = 500;
const WATCHING = { didChangeWatchedFiles: { dynamicRegistration: true } };

/** One plain-HTTP call: a finding that holds no secret. */
const finding = (host: string): string => `export const ping = () => fetch('http://${host}.partner.io/v1/ping');\n`;

describe('files changed outside the editor', function () {
  this.timeout(60_000);
  let dir: string;
  let results: string;
  let lsp: LspSession;
  const uri = (rel: string): string => pathToFileURL(path.join(dir, rel)).toString();
  const scansStarted = (): number => lsp.timeline.filter((e) => e.method === 'vigil/scanStarted').length;
  const changed = (changes: Array<{ rel: string; type: FileChangeType }>): Promise<void> =>
    lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.rel), type: c.type })) });
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, QUIET_MS * 3));
  const waitForScans = (n: number): Promise<void> => lsp.waitForScanFinished(20_000, n);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-disk-'));
    results = mkdtempSync(path.join(tmpdir(), 'vigil-disk-results-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'a.ts'), finding('alpha'));
    writeFileSync(path.join(dir, 'src', 'clean.ts'), 'export const one = 1;\n');
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), true, { resultCacheDir: results }, {}, TEXT_DOCUMENT_CAPABILITIES, WATCHING);
    await lsp.waitForScanFinished();
  });

  afterEach(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(results, { recursive: true, force: true });
  });

  it('asks the client to watch every file', () => {
    const watch = lsp.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/*' }] });
  });

  it('shows findings of a file created on disk, and clears those of a file deleted there', async () => {
    assert.equal((await lsp.waitForDiagnostics(uri('src/a.ts'), (p) => p.diagnostics.length === 1)).diagnostics.length, 1);
    writeFileSync(path.join(dir, 'src', 'b.ts'), finding('beta'));
    unlinkSync(path.join(dir, 'src', 'a.ts'));
    await changed([
      { rel: 'src/b.ts', type: FileChangeType.Created },
      { rel: 'src/a.ts', type: FileChangeType.Deleted },
    ]);
    const b = await lsp.waitForDiagnostics(uri('src/b.ts'), (p) => p.diagnostics.length === 1);
    assert.match(String(b.diagnostics[0].message), /http:\/\/beta\.partner\.io/);
    await lsp.waitForDiagnostics(uri('src/a.ts'), (p) => p.diagnostics.length === 0);
    assert.equal(scansStarted(), 2, 'the startup scan and one rescan');
  });

  it('a file changed on disk is reported with its new content', async () => {
    writeFileSync(path.join(dir, 'src', 'clean.ts'), finding('gamma'));
    await changed([{ rel: 'src/clean.ts', type: FileChangeType.Changed }]);
    const p = await lsp.waitForDiagnostics(uri('src/clean.ts'), (d) => d.diagnostics.length === 1);
    assert.match(String(p.diagnostics[0].message), /http:\/\/gamma\.partner\.io/);
  });

  it('a burst of changes starts one rescan, after the disk is quiet', async () => {
    const burst = Array.from({ length: 300 }, (_, i): { rel: string; type: FileChangeType } => ({ rel: `src/gen${i}.ts`, type: FileChangeType.Created }));
    for (const { rel } of burst) writeFileSync(path.join(dir, rel), 'export const x = 1;\n');
    // Six batches 100 ms apart, as a checkout's events arrive: closer together than the quiet time.
    for (let i = 0; i < burst.length; i += 50) {
      await changed(burst.slice(i, i + 50));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitForScans(2);
    await settle();
    assert.equal(scansStarted(), 2, 'the startup scan and one rescan for the whole burst');
  });

  it('changes a scan leaves out, and saves of open documents, start no rescan', async () => {
    mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), finding('delta'));
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    await changed([{ rel: '.gitignore', type: FileChangeType.Created }]);
    await waitForScans(2);
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, 'build', 'out.js'), finding('epsilon'));
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/clean.ts'), languageId: 'typescript', version: 1, text: 'export const one = 1;\n' } });
    // git status rewrites .git/index (VS Code's git extension runs it often).
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git', 'index'), 'DIRC');
    await changed([
      { rel: '.git/index', type: FileChangeType.Changed },
      { rel: 'node_modules/dep/index.js', type: FileChangeType.Created },
      { rel: 'build/out.js', type: FileChangeType.Created },
      { rel: 'src/clean.ts', type: FileChangeType.Changed },
    ]);
    await settle();
    assert.equal(scansStarted(), 2, 'the .gitignore created started one; the rest none');
    assert.equal(lsp.diagnostics.get(uri('build/out.js')), undefined);
  });

  it('a workspace folder added is scanned, and a removed one loses its findings', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'vigil-disk-other-'));
    const plain = new LspSession();
    try {
      writeFileSync(path.join(other, 'api.ts'), finding('zeta'));
      await plain.initialize(pathToFileURL(dir).toString(), true, { resultCacheDir: results }, {}, TEXT_DOCUMENT_CAPABILITIES, { workspaceFolders: true });
      await plain.waitForScanFinished();
      const added = pathToFileURL(path.join(other, 'api.ts')).toString();
      assert.equal(plain.diagnostics.get(added), undefined);
      const folder = { uri: pathToFileURL(other).toString(), name: 'other' };
      await plain.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      await plain.waitForDiagnostics(added, (p) => p.diagnostics.length === 1);
      await plain.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      await plain.waitForDiagnostics(added, (p) => p.diagnostics.length === 0);
    } finally {
      await plain.dispose();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('does not ask to watch files when the client cannot be asked, or gives no result cache (rescans would be cold)', async () => {
    for (const [options, workspace] of [
      [{ resultCacheDir: results }, {}],
      [{}, WATCHING],
    ] as const) {
      const plain = new LspSession();
      try {
        await plain.initialize(pathToFileURL(dir).toString(), true, options, {}, TEXT_DOCUMENT_CAPABILITIES, workspace);
        await plain.waitForScanFinished();
        assert.equal(
          plain.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
          false,
          JSON.stringify({ options, workspace }),
        );
      } finally {
        await plain.dispose();
      }
    }
  });
});

describe('files changed outside the editor, after the user cancelled a scan', function () {
  this.timeout(120_000);

  it('start no rescan until the user scans again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-disk-big-'));
    const results = mkdtempSync(path.join(tmpdir(), 'vigil-disk-big-results-'));
    for (let i = 0; i < 2000; i++) {
      const sub = path.join(dir, `pkg${i % 20}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `m${i}.ts`), `${'export const a = 1;\n'.repeat(60)}fetch('http://api${i}.acme-corp.io/x');\n`);
    }
    const lsp = new LspSession();
    const started = (): number => lsp.timeline.filter((e) => e.method === 'vigil/scanStarted').length;
    const created = (rel: string): Promise<void> =>
      lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, rel)).toString(), type: FileChangeType.Created }] });
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), true, { resultCacheDir: results }, {}, TEXT_DOCUMENT_CAPABILITIES, WATCHING);
      const deadline = Date.now() + 30_000;
      while (!lsp.progress.some((p) => p.kind === 'report' && Number((p.message ?? '').split('/')[0]) >= 100) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await lsp.connection.sendNotification('window/workDoneProgress/cancel', { token: lsp.progressTokens[0] });
      await lsp.waitForScanFinished();
      assert.equal((lsp.timeline.find((e) => e.method === 'vigil/scanFinished')?.params as { cancelled: boolean }).cancelled, true);
      writeFileSync(path.join(dir, 'late.ts'), finding('eta'));
      await created('late.ts');
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 3));
      assert.equal(started(), 1, 'no rescan after the cancel');
      // The user scans again: changes on disk are followed again.
      await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
      writeFileSync(path.join(dir, 'later.ts'), finding('theta'));
      await created('later.ts');
      await lsp.waitForDiagnostics(pathToFileURL(path.join(dir, 'later.ts')).toString(), (p) => p.diagnostics.length === 1);
      assert.equal(started(), 3);
    } finally {
      await lsp.dispose();
      rmSync(dir, { recursive: true, force: true });
      rmSync(results, { recursive: true, force: true });
    }
  });
});
