import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVER } from './lspClient';

// Vigil's server with an editor that is not VS Code: Neovim's built-in LSP client, headless, no
// plugins (Debian's `neovim`, installed by scripts/setup.sh). What a Neovim user gets: diagnostics,
// hovers and code actions that work without VS Code's commands, and no request that would block
// the editor waiting for a button it cannot show.

const CLIENT = path.join(__dirname, 'neovim-client.lua');
const TOKEN = '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';

interface NeovimRun {
  timedOut: boolean;
  diagnostics: Array<{ line: number; col: number; code: string; source: string; message: string; severity: number }>;
  hover?: { contents: { kind?: string; value: string } | string };
  actions: Array<{ title: string; kind: string; hasEdit: boolean; command: string | null }>;
  suppress?: { result?: unknown; err?: unknown };
  requests: Array<{ method: string; params: { actions?: unknown[]; edit?: { documentChanges?: Array<{ edits: Array<{ newText: string }> }>; changes?: Record<string, Array<{ newText: string }>> } } }>;
  messages: Array<{ type: number; message: string }>;
}

function neovim(dir: string, file: string): NeovimRun {
  const out = path.join(dir, 'out.json');
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${CLIENT}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, VIGIL_SERVER: SERVER, VIGIL_FILE: path.join(dir, file), VIGIL_OUT: out },
  });
  assert.ok(!r.error, `Neovim did not run (${r.error?.message}): scripts/setup.sh installs Debian's neovim`);
  return JSON.parse(readFileSync(out, 'utf8')) as NeovimRun;
}

describe('a plain LSP client: headless Neovim', function () {
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-nvim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows diagnostics with masked secrets, a hover, and code actions that work without VS Code', () => {
    writeFileSync(
      path.join(dir, 'app.ts'),
      `import crypto from 'crypto';\nexport const h = crypto.createHash('md5').update(data).digest('hex');\nexport const token = '${TOKEN}';\nfetch('http://api.acme-corp.io/v1/orders');\n`,
    );
    const run = neovim(dir, 'app.ts');
    assert.equal(run.timedOut, false);
    assert.deepEqual(
      run.diagnostics.map((d) => [d.line, d.code, d.source]),
      [
        [1, 'crypto.weak-hash', 'vigil'],
        [2, 'secret.github-pat-token', 'vigil'],
        [3, 'transport.insecure-url', 'vigil'],
      ],
    );
    assert.ok(!JSON.stringify(run).includes(TOKEN), 'no secret in clear anywhere the client received');
    const hover = typeof run.hover?.contents === 'string' ? run.hover.contents : (run.hover?.contents.value ?? '');
    assert.match(hover, /md5/);
    assert.doesNotMatch(hover, /\(command:/, 'no VS Code command links in another editor');
    assert.ok(run.actions.some((a) => a.kind === 'quickfix' && a.hasEdit && /sha256/.test(a.title)));
    assert.deepEqual(
      run.requests.filter((r) => r.method === 'window/showMessageRequest' && !r.params.actions?.length),
      [],
      'a request without actions blocks Neovim',
    );
  });

  it('"Suppress with a reason" writes a clearly marked placeholder reason and says so', () => {
    writeFileSync(path.join(dir, 'app.ts'), "import crypto from 'crypto';\nexport const h = crypto.createHash('md5').update(data).digest('hex');\n");
    const run = neovim(dir, 'app.ts');
    const edit = run.requests.find((r) => r.method === 'workspace/applyEdit')?.params.edit;
    const texts = [...(edit?.documentChanges ?? []).flatMap((c) => c.edits), ...Object.values(edit?.changes ?? {}).flat()].map((e) => e.newText);
    assert.deepEqual(texts, ['// vigil-ignore-next-line crypto.weak-hash -- TODO: say why this is safe\n']);
    assert.ok(
      run.messages.some((m) => /placeholder reason/i.test(m.message) && /TODO/.test(m.message)),
      JSON.stringify(run.messages),
    );
  });

  it('a broken team pack is a message, not a blocking request, and the built-in rules keep working', () => {
    mkdirSync(path.join(dir, '.vigil'));
    writeFileSync(path.join(dir, '.vigil/pack.json'), '{ "id": "acme", "version": "1.0.0", "rules": [ { "id": "acme.x", "detector": { "kind": "pattern", "keywords": "acme_" } } ] }');
    writeFileSync(path.join(dir, 'app.ts'), "export const h = require('crypto').createHash('md5').update(data).digest('hex');\n");
    const run = neovim(dir, 'app.ts');
    assert.deepEqual(
      run.diagnostics.map((d) => d.code),
      ['crypto.weak-hash'],
    );
    assert.ok(
      run.messages.some((m) => /pack/i.test(m.message)),
      JSON.stringify(run.messages),
    );
    assert.deepEqual(
      run.requests.filter((r) => r.method === 'window/showMessageRequest' && !r.params.actions?.length),
      [],
    );
  });
});
