import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { escapeMarkdown } from '../../server/src/lsp/hover';
import { LspSession } from './lspClient';

const WORKSPACE = path.resolve(__dirname, '../fixtures/workspace');
const uriOf = (rel: string): string => pathToFileURL(path.join(WORKSPACE, rel)).toString();
const GITHUB_TOKEN = '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';

const SOURCE = [
  "import * as crypto from 'crypto';",
  `const apiToken = '${GITHUB_TOKEN}';`,
  "fetch('http://api.billing-partner.io/v1/invoices');",
  "const h = crypto.createHash('md5').update('x').digest('hex');",
  '',
].join('\n');

describe('language server over stdio (LSP)', function () {
  let lsp: LspSession;
  const uri = uriOf('src/edited.ts');

  beforeEach(async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(WORKSPACE).toString());
  });
  afterEach(async () => lsp.dispose());

  it('answers initialize with incremental sync, hovers, code actions and commands', async () => {
    const again = new LspSession();
    try {
      const result = (await again.initialize(null)) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
      assert.equal(result.serverInfo.name, 'vigil');
      assert.equal(result.capabilities.textDocumentSync, 2);
      assert.equal(result.capabilities.hoverProvider, true);
      assert.deepEqual((result.capabilities.executeCommandProvider as { commands: string[] }).commands, ['vigil.server.scanWorkspace', 'vigil.server.suppress', 'vigil.server.movedToEnv']);
    } finally {
      await again.dispose();
    }
  });

  it('publishes masked diagnostics for a secret, a plain-http URL and a weak hash on didOpen', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['crypto.weak-hash', 'secret.github-pat-token', 'transport.insecure-url']);
    const secret = published.diagnostics.find((d) => d.code === 'secret.github-pat-token')!;
    assert.equal(secret.source, 'vigil');
    assert.deepEqual(secret.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 58 } });
    assert.ok(!JSON.stringify(published).includes(GITHUB_TOKEN), 'the token must never be sent in clear');
    assert.match(typeof secret.message === 'string' ? secret.message : secret.message.value, /ghp_\*{8}/);
    assert.equal(secret.codeDescription?.href, 'https://cwe.mitre.org/data/definitions/798.html');
  });

  it('re-analyses after an incremental didChange and clears fixed findings', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3);
    // Replace "md5" with "sha256" on line 3 (0-based), as an editor sends a keystroke-level change.
    const col = SOURCE.split('\n')[3].indexOf('md5');
    await lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: col }, end: { line: 3, character: col + 3 } }, text: 'sha256' }],
    });
    const after = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'crypto.weak-hash'));
  });

  it('answers a document whose async calls nest too deep for the parser: its text rules run, and the next keystroke too', async () => {
    // Unguarded, TypeScript's parser takes about half a minute on this text (it doubles per level) and
    // the server answers nothing else meanwhile.
    const opening = 'async.eachSeries(ids, function (id, next) {\n';
    const text = `${opening.repeat(22)}const apiToken = '${GITHUB_TOKEN}';\n`;
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const first = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10_000);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['secret.github-pat-token', 22]],
    );
    // One more level typed above: answered too, the token one line lower.
    await lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: opening }],
    });
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.range.start.line === 23), 10_000);
  });

  it('hovers, for a client without the tips panel, with the masked message and the CWE link', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3);
    const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 25 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /GitHub personal access token/);
    assert.match(value, /ghp\\_(\\\*){8}/, 'the masked message, as markdown text');
    assert.match(value, /https:\/\/cwe\.mitre\.org\/data\/definitions\/798\.html/);
    assert.ok(!value.includes('command:'), 'no link to a command this client does not have');
    assert.ok(!value.includes(GITHUB_TOKEN));
    const nothing = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  it('in VS Code: the hover card repeats neither the message nor its confidence (secrets only), links the tip; rule codes open the tip through the URI handler', async () => {
    const vscodeLike = new LspSession();
    try {
      await vscodeLike.initialize(pathToFileURL(WORKSPACE).toString(), false, { tipsCommand: true, tipUri: 'vscode://vigil.vigil/tip' });
      await vscodeLike.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
      const published = await vscodeLike.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3);
      const secret = published.diagnostics.find((d) => d.code === 'secret.github-pat-token')!;
      assert.equal(secret.codeDescription?.href, 'vscode://vigil.vigil/tip?rule=secret.github-pat-token');
      const hoverAt = async (line: number, character: number): Promise<string> =>
        ((await vscodeLike.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as { contents: { value: string } }).contents.value;
      const secretCard = await hoverAt(1, 25);
      const message = typeof secret.message === 'string' ? secret.message : '';
      assert.ok(message.length > 20 && !secretCard.includes(escapeMarkdown(message.slice(0, 20))), `message repeated in the card: ${secretCard}`);
      assert.match(secretCard, /^\*\*Vigil: GitHub personal access token\*\* · error$/m);
      // The confidence is said once, by the message, and for secrets only.
      assert.match(message, /\(confidence: \w+\)/);
      assert.ok(!/confidence/.test(secretCard));
      assert.match(secretCard, /\[Open the Vigil tip\]\(command:vigil\.showTip\?/);
      assert.ok(secretCard.includes(encodeURIComponent(JSON.stringify(['secret.github-pat-token']))));
      assert.match(secretCard, /cwe\.mitre\.org\/data\/definitions\/798/, 'the CWE link stays');
      const hashCard = await hoverAt(3, SOURCE.split('\n')[3].indexOf('md5') + 1);
      assert.match(hashCard, /^\*\*Vigil: Broken hash algorithm\*\* · \w+$/m);
      assert.ok(!/confidence/.test(hashCard), 'no confidence outside secrets');
      const hashMessage = published.diagnostics.find((d) => d.code === 'crypto.weak-hash')!.message;
      assert.ok(!/confidence/.test(typeof hashMessage === 'string' ? hashMessage : ''), 'nor in the message');
    } finally {
      await vscodeLike.dispose();
    }
  });

  it('offers quick fixes http→https and md5→sha256 whose edits do exactly that', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3);
    const fixFor = async (code: string): Promise<{ action: CodeAction; text: string }> => {
      const diagnostic = published.diagnostics.find((d) => d.code === code)!;
      const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      const action = actions.find((a) => a.edit)!;
      const edits = (action.edit!.documentChanges![0] as { edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> }).edits;
      const lines = SOURCE.split('\n');
      for (const e of edits) {
        const line = lines[e.range.start.line];
        lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
      }
      return { action, text: lines.join('\n') };
    };
    const https = await fixFor('transport.insecure-url');
    assert.equal(https.action.title, 'Use https:// instead of http://');
    assert.equal(https.text, SOURCE.replace('http://api', 'https://api'));
    const sha = await fixFor('crypto.weak-hash');
    assert.equal(sha.action.title, "Replace 'md5' with 'sha256'");
    assert.equal(sha.text, SOURCE.replace("'md5'", "'sha256'"));
  });

  it('offers "fix all" for a rule with several fixable findings, editing each of them', async () => {
    const text = "fetch('http://a.acme-corp.io/x');\nfetch('http://b.acme-corp.io/y');\nconst u = 'http://not-sent.acme-corp.io';\n";
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2);
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: [] } })) as CodeAction[];
    const all = actions.find((a) => a.title === 'Fix all Unencrypted transport URL findings in this file (2)');
    assert.ok(all?.edit, actions.map((a) => a.title).join(' | '));
    const edits = (all.edit.documentChanges![0] as { edits: Array<{ range: { start: { line: number } }; newText: string }> }).edits;
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [
        [0, 'https'],
        [1, 'https'],
      ],
    );
  });

  it('suppresses with a reason through executeCommand, idempotently, and the finding goes away', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 3);
    const diagnostic = published.diagnostics.find((d) => d.code === 'crypto.weak-hash')!;
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const suppress = actions.find((a) => a.command?.command === 'vigil.server.suppress')!;
    assert.ok(suppress, 'a suppress action is offered');
    const result = await lsp.connection.sendRequest('workspace/executeCommand', {
      command: suppress.command!.command,
      arguments: [...suppress.command!.arguments!, 'cache key only'],
    });
    assert.deepEqual(result, { applied: true });
    // This client declares no `documentChanges` support: the edit comes in the plain `changes` form.
    const edit = lsp.appliedEdits[0] as { edit: { documentChanges?: unknown[]; changes: Record<string, Array<{ newText: string; range: { start: { line: number } } }>> } };
    assert.equal(edit.edit.documentChanges, undefined);
    const inserted = edit.edit.changes[uri][0];
    assert.equal(inserted.newText, '// vigil-ignore-next-line crypto.weak-hash -- cache key only\n');
    assert.equal(inserted.range.start.line, 3);

    // Apply it as the editor would; the finding is then suppressed and a second suppress is a no-op.
    const lines = SOURCE.split('\n');
    lines.splice(3, 0, inserted.newText.trimEnd());
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: lines.join('\n') }] });
    const after = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'crypto.weak-hash'));
    const again = await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.suppress', arguments: [uri, 4, 'crypto.weak-hash', 'again'] });
    assert.deepEqual(again, { applied: false });
    assert.equal(lsp.appliedEdits.length, 1);
  });

  it('scans the workspace on command: diagnostics for unopened files, .gitignore honoured', async () => {
    const summary = (await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] })) as { files: number; findings: number };
    assert.ok(summary.files >= 3, JSON.stringify(summary));
    const app = await lsp.waitForDiagnostics(uriOf('src/app.ts'));
    assert.deepEqual(app.diagnostics.map((d) => d.code).sort(), ['crypto.weak-hash', 'secret.github-pat-token', 'transport.insecure-url']);
    const env = await lsp.waitForDiagnostics(uriOf('.env'));
    assert.deepEqual(
      env.diagnostics.map((d) => d.code),
      ['secret.hardcoded-password'],
    );
    assert.equal(lsp.diagnostics.get(uriOf('ignored/leak.js')), undefined, '.gitignore must be honoured');
    // Nothing to show and nothing to clear: no message (a workspace of clean files is not thousands of empty lists).
    assert.equal(lsp.diagnostics.get(uriOf('src/clean.ts')), undefined, 'a clean file that never showed anything gets no message');
    // Progress went through window/workDoneProgress: begin, per-file reports, end.
    assert.equal(lsp.progress[0]?.kind, 'begin');
    assert.equal(lsp.progress[0]?.title, 'Vigil: scanning workspace');
    assert.ok(lsp.progress.some((p) => p.kind === 'report' && /\d+\/\d+ files/.test(p.message ?? '')));
    assert.equal(lsp.progress.at(-1)?.kind, 'end');
  });

  it('a rescan clears what a closed file showed once it is fixed or deleted, and says nothing of files that stayed clean', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-clear-'));
    const rescan = new LspSession();
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src/fixed.ts'), "fetch('http://api.billing-partner.io/v1');\n");
      writeFileSync(path.join(dir, 'src/deleted.ts'), "fetch('http://api.billing-partner.io/v2');\n");
      writeFileSync(path.join(dir, 'src/clean.ts'), 'export const one = 1;\n');
      await rescan.initialize(pathToFileURL(dir).toString(), false);
      const at = (rel: string): string => pathToFileURL(path.join(dir, rel)).toString();
      const scan = (): Promise<unknown> => rescan.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
      await scan();
      assert.equal(rescan.diagnostics.get(at('src/fixed.ts'))?.diagnostics.length, 1);
      assert.equal(rescan.diagnostics.get(at('src/deleted.ts'))?.diagnostics.length, 1);
      writeFileSync(path.join(dir, 'src/fixed.ts'), "fetch('https://api.billing-partner.io/v1');\n");
      rmSync(path.join(dir, 'src/deleted.ts'));
      await scan();
      assert.deepEqual(rescan.diagnostics.get(at('src/fixed.ts'))?.diagnostics, [], 'the fixed file is cleared');
      assert.deepEqual(rescan.diagnostics.get(at('src/deleted.ts'))?.diagnostics, [], 'the deleted file is cleared');
      assert.equal(rescan.diagnostics.get(at('src/clean.ts')), undefined, 'the clean file got no message');
    } finally {
      await rescan.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scans the workspace on startup when vigil.scanOnStartup is on', async () => {
    const startup = new LspSession();
    try {
      await startup.initialize(pathToFileURL(WORKSPACE).toString(), true);
      const app = await startup.waitForDiagnostics(uriOf('src/app.ts'), (p) => p.diagnostics.length > 0);
      assert.equal(app.diagnostics.length, 3);
    } finally {
      await startup.dispose();
    }
  });

  it("leaves out what VS Code's files.exclude hides, in scans and in opened files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-files-exclude-'));
    const url = "export const ping = () => fetch('http://api.example-partner.com/ping');\n";
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, 'generated'));
    writeFileSync(path.join(dir, 'src/a.ts'), url);
    writeFileSync(path.join(dir, 'generated/b.ts'), url);
    const session = new LspSession();
    try {
      await session.initialize(pathToFileURL(dir).toString(), false, {}, { 'files.exclude': { '**/generated': true, '**/src': false } });
      const summary = (await session.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] })) as { files: number };
      assert.equal(summary.files, 1);
      assert.equal((await session.waitForDiagnostics(pathToFileURL(path.join(dir, 'src/a.ts')).toString())).diagnostics.length, 1);
      assert.equal(session.diagnostics.get(pathToFileURL(path.join(dir, 'generated/b.ts')).toString()), undefined);
      const opened = pathToFileURL(path.join(dir, 'generated/b.ts')).toString();
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: opened, languageId: 'typescript', version: 1, text: url } });
      assert.deepEqual((await session.waitForDiagnostics(opened)).diagnostics, []);
    } finally {
      await session.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves rule tips for the tips panel', async () => {
    const tip = (await lsp.connection.sendRequest('vigil/tip', { ruleId: 'crypto.weak-hash' })) as { name: string; tip: string };
    assert.equal(tip.name, 'Broken hash algorithm');
    assert.match(tip.tip, /sha256/);
    assert.equal(await lsp.connection.sendRequest('vigil/tip', { ruleId: 'no.such-rule' }), null);
  });
});
