import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// A team lead publishes a pack at an HTTPS URL; contractors pin it by SHA-256. The real CLI
// fetches it from a local HTTPS server (a throw-away CA trusted through NODE_EXTRA_CA_CERTS),
// refuses a pin mismatch, and keeps working offline from its cache.
const CLI = path.resolve(__dirname, '../../dist/cli.js');

const pack = JSON.stringify({
  id: 'remote-rules',
  version: '1.0.0',
  publisher: 'ACME security',
  rules: [
    {
      id: 'acme.remote-key',
      name: 'ACME remote key',
      category: 'secret',
      severity: 'error',
      message: 'ACME key {{value}}',
      tip: 'Use the vault.',
      detector: { kind: 'pattern', pattern: '\\b(acmer_[a-z0-9]{16})\\b', keywords: ['acmer_'], secretGroup: 1 },
      examples: { match: ["k = 'acmer_7f3kq9zx2m4b8w1p'"], noMatch: ["k = 'acmer_'"] },
    },
  ],
});
const pin = createHash('sha256').update(pack).digest('hex');

describe('pack published at a pinned HTTPS URL (real CLI, real TLS)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: Server;
  let url: string;
  let requests = 0;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-url-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/trickle.json') {
        // A hostile or broken server: one byte every 200 ms, never finishing within a minute.
        const timer = setInterval(() => res.write(' '), 200);
        const stop = setTimeout(() => res.end(), 60_000);
        res.on('close', () => {
          clearInterval(timer);
          clearTimeout(stop);
        });
        return;
      }
      res.end(req.url === '/tampered.json' ? pack.replace('"error"', '"info"') : pack);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://localhost:${(server.address() as AddressInfo).port}`;
    writeFileSync(path.join(dir, 'app.ts'), "const k = 'acmer_7f3kq9zx2m4b8w1p';\n");
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous on purpose: the HTTPS server runs in this process and must keep answering.
  const scan = (packRef: string): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'scan', 'app.ts', '--pack', packRef, '--format', 'json'],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'), HOME: dir },
        },
        (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });

  it('fetches the pinned pack once, enforces its rules and caches it', async () => {
    const r = await scan(`${url}/pack.json#sha256=${pin}`);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId),
      ['acme.remote-key'],
    );
    assert.deepEqual(readdirSync(path.join(dir, '.cache/vigil/packs')), [`${pin}.json`]);
  });

  it('refuses a pack whose content does not match the pin (exit 2, clear message)', async () => {
    const r = await scan(`${url}/tampered.json#sha256=${pin}`);
    // The cached copy matches the pin, so the pinned content is used; a new pin for tampered content is refused.
    const other = createHash('sha256').update('something else').digest('hex');
    const refused = await scan(`${url}/tampered.json#sha256=${other}`);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /pin mismatch: the pack's SHA-256 is [0-9a-f]{64}, the URL pins [0-9a-f]{64}; refused/);
    assert.equal(r.status, 1);
  });

  it('gives up on a server that trickles bytes after one overall deadline (10 s), with a clear message', async () => {
    const started = Date.now();
    const other = createHash('sha256').update('trickled').digest('hex');
    const r = await scan(`${url}/trickle.json#sha256=${other}`);
    const took = Date.now() - started;
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot fetch the pack and no cached copy: .*10 s/);
    assert.ok(took < 20_000, `took ${took} ms`);
  });

  it('works offline from the cache once fetched', async () => {
    const before = requests;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await scan(`${url}/pack.json#sha256=${pin}`);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.equal(requests, before, 'no request made');
  });
});
