import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { main } from '../../server/src/cli';
import { LspSession } from './lspClient';
import { brokenPack, mistakes } from '../support/packMistakes';

const FIXTURE = path.resolve(__dirname, '../fixtures/team');

interface Row {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
}

async function cliFindings(cwd: string, args: string[] = []): Promise<Row[]> {
  let out = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    await main(
      ['scan', '.', '--format', 'json', '--fail-on', 'never', ...args],
      (s) => (out += s),
      () => undefined,
    );
  } finally {
    process.chdir(before);
  }
  return (JSON.parse(out) as { findings: Row[] }).findings.map(({ file, line, column, ruleId, severity, message }) => ({ file, line, column, ruleId, severity, message }));
}

const SEVERITY = ['', 'error', 'warning', 'info'];

function serverRows(lsp: LspSession, root: string): Row[] {
  const rows: Row[] = [];
  for (const [uri, published] of lsp.diagnostics) {
    const file = path.relative(root, new URL(uri).pathname).split(path.sep).join('/');
    for (const d of published.diagnostics as Diagnostic[]) {
      if (d.code === 'vigil.pack' || d.code === 'vigil.suppression') continue;
      rows.push({ file, line: d.range.start.line + 1, column: d.range.start.character + 1, ruleId: String(d.code), severity: SEVERITY[d.severity ?? 0], message: String(d.message) });
    }
  }
  return rows;
}

const sorted = (rows: Row[]): string[] => rows.map((r) => `${r.file}:${r.line}:${r.column} ${r.severity} ${r.ruleId} ${r.message}`).sort();

describe('team packs: the editor enforces what CI enforces (LSP vs CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-team-'));
    cpSync(FIXTURE, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function serverScan(options: { trusted?: boolean; settings?: Record<string, unknown> } = {}): Promise<{ lsp: LspSession; rows: Row[] }> {
    const lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), false, { trusted: options.trusted ?? true }, options.settings);
    await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
    return { lsp, rows: serverRows(lsp, dir) };
  }

  it('same findings, severities and messages from the server and the CLI: pack rules, overrides, policy, suppressions, baseline', async () => {
    // Accept today's md5 in legacy code through the baseline, as a team would.
    const cli = await cliFindings(dir);
    assert.ok(
      cli.some((r) => r.ruleId === 'acme.internal-api-key'),
      'the team rule is in force',
    );
    assert.ok(
      cli.some((r) => r.ruleId === 'crypto.weak-hash' && r.severity === 'error' && /requires a reason/.test(r.message)),
      'override + policy',
    );
    assert.ok(!cli.some((r) => r.file === 'src/legacy.js' && r.ruleId === 'crypto.weak-hash'), 'block suppression');
    assert.ok(cli.some((r) => r.file === 'src/legacy.js' && r.line === 7 && r.ruleId === 'crypto.insecure-random'));
    assert.ok(!cli.some((r) => r.file === 'src/legacy.js' && r.line === 6), 'Math.random for a non-security value is not reported');
    const { lsp, rows } = await serverScan();
    try {
      assert.deepEqual(sorted(rows), sorted(cli));
    } finally {
      await lsp.dispose();
    }
    let out = '';
    const before = process.cwd();
    process.chdir(dir);
    await main(
      ['baseline', 'create'],
      (s) => (out += s),
      () => undefined,
    );
    process.chdir(before);
    const cliAfter = await cliFindings(dir);
    assert.deepEqual(cliAfter, []);
    const again = await serverScan();
    try {
      assert.deepEqual(sorted(again.rows), []);
    } finally {
      await again.lsp.dispose();
    }
  });

  it('a broken workspace pack is a diagnostic on the pack file at its line; the built-in rules keep working', async () => {
    const file = path.join(dir, '.vigil/pack.json');
    const text = readFileSync(file, 'utf8').replace('"severity": "error",\n      "message"', '"severity": "critical",\n      "message"');
    writeFileSync(file, text);
    const { lsp, rows } = await serverScan();
    try {
      const published = await lsp.waitForDiagnostics(pathToFileURL(file).toString());
      const d = published.diagnostics[0];
      assert.equal(d.code, 'vigil.pack');
      assert.equal(text.split('\n')[d.range.start.line].trim(), '"severity": "critical",');
      assert.match(String(d.message), /rules\[0\]\.severity: must be one of "error", "warning", "info"/);
      assert.ok(
        rows.some((r) => r.ruleId === 'transport.insecure-url'),
        'built-in rules still apply',
      );
      assert.ok(!rows.some((r) => r.ruleId === 'acme.internal-api-key'), 'the broken rule is left out');
    } finally {
      await lsp.dispose();
    }
  });

  it('a rule whose keywords are a string (it crashed the loader and silenced every diagnostic) is one diagnostic at its line; built-in findings still come', async () => {
    const file = path.join(dir, '.vigil/pack.json');
    const original = readFileSync(file, 'utf8');
    const pack = JSON.parse(original);
    pack.rules[0].detector.keywords = 'acme_';
    const text = JSON.stringify(pack, null, 2);
    writeFileSync(file, text);
    const { lsp, rows } = await serverScan();
    try {
      const published = await lsp.waitForDiagnostics(pathToFileURL(file).toString());
      const d = published.diagnostics.find((x) => /keywords/.test(String(x.message)))!;
      assert.match(String(d.message), /rules\[0\]\.detector\.keywords: must be an array/);
      assert.match(text.split('\n')[d.range.start.line], /"keywords": "acme_"/);
      assert.ok(
        rows.some((r) => r.ruleId === 'transport.insecure-url'),
        'built-in rules still apply',
      );
    } finally {
      await lsp.dispose();
      writeFileSync(file, original);
    }
  });

  it('a pack with one mistake of each kind (as the CLI test feeds it) gives one diagnostic per mistake at its line; the good rule and the built-in rules still publish', async () => {
    const broken = brokenPack();
    writeFileSync(path.join(dir, '.vigil/pack.json'), broken.pack);
    writeFileSync(path.join(dir, 'a.ts'), broken.file);
    const { lsp, rows } = await serverScan();
    try {
      const published = await lsp.waitForDiagnostics(pathToFileURL(path.join(dir, '.vigil/pack.json')).toString());
      const messages = published.diagnostics.map((d) => String(d.message));
      for (const [kind, , message] of mistakes)
        assert.ok(
          messages.some((m) => message.test(m)),
          `${kind}: ${messages.join(' | ')}`,
        );
      assert.ok(messages.some((m) => /overrides\[0\]\.rule: unknown rule id "acme\.nope"/.test(m)));
      assert.ok(messages.some((m) => /allow\.paths: glob "\{unclosed"/.test(m)));
      // Each diagnostic sits on the line of the property it names.
      const lines = broken.pack.split('\n');
      const badEnum = published.diagnostics.find((d) => /severity: must be one of/.test(String(d.message)))!;
      assert.equal(lines[badEnum.range.start.line].trim(), '"severity": "critical",');
      const found = rows.filter((r) => r.file === 'a.ts').map((r) => r.ruleId);
      assert.ok(found.includes('acme.key'), `the good rule still finds: ${found.join(', ')}`);
      assert.ok(found.includes('secret.github-pat-token'), `built-in rules still find: ${found.join(', ')}`);
    } finally {
      await lsp.dispose();
    }
  });

  it('a deprecated detector.revealPrefix is a warning diagnostic at its line, not an error; the rule stays in force and shows its prefix', async () => {
    const file = path.join(dir, '.vigil/pack.json');
    const pack = JSON.parse(readFileSync(file, 'utf8'));
    const { revealPrefix, ...rule } = pack.rules[0];
    pack.rules[0] = { ...rule, detector: { ...rule.detector, revealPrefix } };
    const text = JSON.stringify(pack, null, 2);
    writeFileSync(file, text);
    const { lsp, rows } = await serverScan();
    try {
      const published = await lsp.waitForDiagnostics(pathToFileURL(file).toString());
      assert.equal(published.diagnostics.length, 1);
      const [d] = published.diagnostics;
      assert.equal(d.code, 'vigil.pack');
      assert.equal(d.severity, 2, 'a warning');
      assert.equal(text.split('\n')[d.range.start.line].trim(), '"revealPrefix": 10');
      assert.match(String(d.message), /^rules\[0\]\.detector\.revealPrefix: is deprecated: move it to rules\[0\]\.revealPrefix/);
      assert.ok(
        lsp.messages.some((m) => /^Vigil: rule pack warning: pack\.json:\d+: rules\[0\]\.detector\.revealPrefix: is deprecated/.test(m)),
        lsp.messages.join('\n'),
      );
      assert.ok(!lsp.messages.some((m) => /rule pack problem/.test(m)), lsp.messages.join('\n'));
      const found = rows.find((r) => r.ruleId === 'acme.internal-api-key');
      assert.ok(found, 'the rule is in force');
      assert.match(found.message, /acme_live_\*{8}/);
    } finally {
      await lsp.dispose();
    }
  });

  it('reloads a pack edited in the editor; a pack that stops parsing keeps its last good version in force', async () => {
    const file = path.join(dir, '.vigil/pack.json');
    const uri = pathToFileURL(file).toString();
    const good = readFileSync(file, 'utf8');
    const { lsp } = await serverScan();
    try {
      const billing = pathToFileURL(path.join(dir, 'src/billing.ts')).toString();
      const text = readFileSync(path.join(dir, 'src/billing.ts'), 'utf8');
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: good } });
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: billing, languageId: 'typescript', version: 1, text } });
      // Break the JSON while typing: a diagnostic at the line, and the team rule stays in force.
      const broken = good.replace('"publisher": "ACME security team",', '"publisher": "ACME security team"');
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
      const bad = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.match(String(bad.diagnostics[0].message), /invalid JSON: .*\(the previous version of this pack stays in force\)/);
      const still = await lsp.waitForDiagnostics(billing, (p) => p.diagnostics.some((d) => d.code === 'acme.internal-api-key'));
      assert.ok(still);
      // Disable the team rule in the editor: the change applies without a reload of the window.
      const disabled = good.replace('"overrides": [', '"overrides": [{ "rule": "acme.internal-api-key", "disabled": true }, ');
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: disabled }] });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      await lsp.waitForDiagnostics(billing, (p) => !p.diagnostics.some((d) => d.code === 'acme.internal-api-key') && p.diagnostics.length > 0);
    } finally {
      await lsp.dispose();
    }
  });

  it('with vigil.trustedPublicKeys set, the editor refuses an unsigned pack and enforces a signed one', async () => {
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pub = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const file = path.join(dir, '.vigil/pack.json');
    const unsigned = await serverScan({ settings: { trustedPublicKeys: [pub] } });
    try {
      const d = await unsigned.lsp.waitForDiagnostics(pathToFileURL(file).toString());
      assert.match(String(d.diagnostics[0].message), /unsigned pack refused/);
      assert.ok(!unsigned.rows.some((r) => r.ruleId === 'acme.internal-api-key'));
    } finally {
      await unsigned.lsp.dispose();
    }
    writeFileSync(`${file}.sig`, sign(null, readFileSync(file), privateKey).toString('base64'));
    const signed = await serverScan({ settings: { trustedPublicKeys: [pub] } });
    try {
      assert.ok(signed.rows.some((r) => r.ruleId === 'acme.internal-api-key'));
    } finally {
      await signed.lsp.dispose();
    }
  });

  it('in an untrusted workspace only the built-in pack loads', async () => {
    const { lsp, rows } = await serverScan({ trusted: false });
    try {
      assert.ok(!rows.some((r) => r.ruleId === 'acme.internal-api-key'));
      assert.ok(!rows.some((r) => /team policy/.test(r.message)), 'no team policy');
      assert.ok(
        rows.some((r) => r.ruleId === 'transport.insecure-url'),
        'the built-in rules apply',
      );
    } finally {
      await lsp.dispose();
    }
  });
});
