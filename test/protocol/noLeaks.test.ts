import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { main } from '../../server/src/cli';
import { LspSession } from './lspClient';

// Feeds every labelled secret of the corpus through every output path (CLI text/json/sarif,
// diagnostics, hovers, code-action titles, the server's log) and asserts none appears in clear.

interface Case {
  path: string;
  code: string;
  expect: string | null;
}

describe('no secret in clear in any output', function () {
  this.timeout(120_000);
  let dir: string;
  let tmp: string;
  const cases = readFileSync(path.resolve(__dirname, '../corpus/secrets.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case)
    .filter((c) => c.expect === 'secret');
  const secrets = new Set<string>();
  const outputs: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-leaks-'));
    tmp = mkdtempSync(path.join(tmpdir(), 'vigil-leaks-out-'));
    cases.forEach((c, i) => {
      const file = path.join(dir, `case${i}`, c.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, c.code);
    });
    const before = process.cwd();
    process.chdir(dir);
    try {
      for (const format of ['json', 'sarif', 'text']) {
        let out = '';
        let err = '';
        await main(
          ['scan', '.', '--format', format, '--fail-on', 'never'],
          (s) => (out += s),
          (s) => (err += s),
        );
        outputs[`cli ${format}`] = out + err;
      }
    } finally {
      process.chdir(before);
    }
    // The secret values: the exact text under each secret finding.
    const report = JSON.parse(outputs['cli json']) as { findings: Array<{ category: string; file: string; line: number; column: number; endLine: number; endColumn: number }> };
    for (const f of report.findings) {
      if (f.category !== 'secret') continue;
      const lines = readFileSync(path.join(dir, f.file), 'utf8').split(/\r?\n/);
      const value = f.line === f.endLine ? lines[f.line - 1].slice(f.column - 1, f.endColumn - 1) : lines[f.line - 1].slice(f.column - 1);
      if (value.length >= 8) secrets.add(value);
    }
    // A pack that lists secrets themselves where their fingerprints belong (a likely mistake):
    // its error messages must not repeat them, in the CLI or in the editor.
    const pasted = [...secrets].slice(0, 5);
    const badPack = JSON.stringify({ id: 'team', version: '1.0.0', allow: { values: pasted } }, null, 2);
    mkdirSync(path.join(tmp, 'packs'), { recursive: true });
    writeFileSync(path.join(tmp, 'packs/team.json'), badPack);
    process.chdir(dir);
    try {
      const cli = async (args: string[]): Promise<string> => {
        let text = '';
        await main(
          args,
          (s) => (text += s),
          (s) => (text += s),
        );
        return text;
      };
      outputs['cli, a pack with pasted secrets'] = await cli(['scan', '.', '--pack', path.join(tmp, 'packs/team.json'), '--format', 'text', '--fail-on', 'never']);
      outputs['cli html report'] = (await cli(['scan', '.', '--report', path.join(tmp, 'report.html'), '--fail-on', 'never'])) + readFileSync(path.join(tmp, 'report.html'), 'utf8');
      await cli(['scan', '.', '--format', 'json', '--cache-dir', path.join(tmp, 'cache'), '--fail-on', 'never']);
      outputs['result cache'] = readdirSync(path.join(tmp, 'cache'))
        .map((f) => readFileSync(path.join(tmp, 'cache', f), 'utf8'))
        .join('\n');
      outputs['baseline file'] = (await cli(['baseline', 'create', '.', '--output', path.join(tmp, 'baseline.json')])) + readFileSync(path.join(tmp, 'baseline.json'), 'utf8');
    } finally {
      process.chdir(before);
    }
    assert.ok(outputs['cli, a pack with pasted secrets'].includes('allow.values'), 'the pack mistake is reported');
    mkdirSync(path.join(dir, '.vigil'), { recursive: true });
    writeFileSync(path.join(dir, '.vigil/pack.json'), badPack);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  function assertNoSecretIn(where: string, text: string): void {
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      if (process.env.VIGIL_DEBUG_LEAKS && at >= 0) console.log(text.slice(Math.max(0, at - 300), at));
      assert.ok(at < 0, `${where} shows a secret in clear (${secret.slice(0, 4)}…)`);
    }
  }

  it('collects the secrets of every labelled positive case', () => {
    assert.ok(secrets.size >= 100, `found ${secrets.size} distinct secret values`);
    console.log(`      ${secrets.size} distinct secrets from ${cases.length} labelled cases, checked in ${Object.keys(outputs).length + 6} output paths`);
  });

  it("CLI text, JSON, SARIF and HTML report, result cache, baseline, and a failed pack's messages", () => {
    assert.equal(Object.keys(outputs).length, 7);
    for (const [where, text] of Object.entries(outputs)) assertNoSecretIn(where, text);
  });

  it('language server: diagnostics, logs, hovers and code-action titles', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), true);
      const first = pathToFileURL(path.join(dir, 'case0', cases[0].path)).toString();
      await lsp.waitForDiagnostics(first, (p) => p.diagnostics.length > 0, 60_000);
      await lsp.waitForScanFinished();
      const shown: string[] = [];
      for (const [uri, published] of lsp.diagnostics) {
        for (const d of published.diagnostics as Diagnostic[]) {
          const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as Hover | null;
          if (hover) shown.push(JSON.stringify(hover));
        }
        // Code actions need the document open, as in an editor.
        const text = readFileSync(new URL(uri), 'utf8');
        await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
        const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
          context: { diagnostics: [] },
        })) as CodeAction[];
        shown.push(JSON.stringify(actions.map((a) => ({ title: a.title, command: a.command }))));
      }
      assert.ok(lsp.diagnostics.size >= 150, `diagnostics for ${lsp.diagnostics.size} files`);
      // The tips panel's messages: every tip, and the tip of each rule that found something.
      shown.push(JSON.stringify(await lsp.connection.sendRequest('vigil/tips')));
      const ruleIds = new Set([...lsp.diagnostics.values()].flatMap((p) => p.diagnostics.map((d) => String(d.code))));
      for (const ruleId of ruleIds) shown.push(JSON.stringify(await lsp.connection.sendRequest('vigil/tip', { ruleId })));
      // The pack with pasted secrets is reported on the pack file itself.
      const packDiagnostics = lsp.diagnostics.get(pathToFileURL(path.join(dir, '.vigil/pack.json')).toString());
      assert.ok(
        packDiagnostics?.diagnostics.some((d) => /allow\.values/.test(typeof d.message === 'string' ? d.message : d.message.value)),
        'the pack mistake is shown on the pack file',
      );
      assertNoSecretIn('hovers, code-action titles and tips panel answers', shown.join('\n'));
      // Every message the server sent, minus the code-action edits that write the value into .env.
      const messages = lsp.raw
        .split(/Content-Length: \d+\r\n\r\n/)
        .filter((m) => m.trim())
        .map((m) => JSON.parse(m) as unknown);
      assertNoSecretIn(
        "the server's messages",
        JSON.stringify(messages, (key, value: unknown) => (key === 'edit' ? undefined : value)),
      );
      assertNoSecretIn("the server's log (stderr)", lsp.logs.join('\n'));
    } finally {
      await lsp.dispose();
    }
  });
});
