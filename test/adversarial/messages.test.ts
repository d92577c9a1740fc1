import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from '../unit/support/runCli';

// Hostile testing found secrets echoed by Vigil's own messages: the reason of a suppression in the
// audit list, text after a directive read as an unknown rule id, and the slice of a broken baseline
// or pack that JSON.parse quotes. Each goes through the one masking function now.

const TOKEN = 'sk_live_51Hq8ZxLm3Nx7Vb2Kc9Wd4Rt6Yp1Hs5Jf0Qa';

describe("adversarial: secrets in Vigil's own messages", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-msg-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a secret pasted into a suppression reason is masked in the audit (text, JSON, SARIF)', async () => {
    writeFileSync(path.join(dir, 'a.ts'), `// vigil-ignore-next-line transport.insecure-url -- key ${TOKEN} works there\nfetch('http://api.acme-corp.com/x');\n`);
    for (const format of ['text', 'json', 'sarif']) {
      const { out, err } = await vigil(['scan', 'a.ts', '--format', format, '--show-suppressed', '--no-cache', '--fail-on', 'never'], dir);
      assert.ok(!(out + err).includes(TOKEN), `${format}: secret in clear`);
      assert.match(out, /sk_live_\*+/, format);
    }
  });

  it('text after a directive that is not a rule id is not echoed in clear', async () => {
    writeFileSync(path.join(dir, 'b.ts'), `// vigil-ignore-next-line ${TOKEN}\nconst x = 1;\n`);
    const { out, err } = await vigil(['scan', 'b.ts', '--no-cache'], dir);
    assert.ok(!(out + err).includes(TOKEN));
    assert.match(err, /unknown rule "sk_live_\*+"/);
  });

  it('a broken baseline or pack is reported by line and column, never by quoting it', async () => {
    mkdirSync(path.join(dir, 'c'), { recursive: true });
    writeFileSync(path.join(dir, 'c', 'x.ts'), 'const a = 1;\n');
    writeFileSync(path.join(dir, 'c', 'baseline.json'), `{"findings": [${TOKEN}]}`);
    const base = await vigil(['scan', 'x.ts', '--baseline', 'baseline.json', '--no-cache'], path.join(dir, 'c'));
    assert.equal(base.code, 2);
    assert.ok(!(base.out + base.err).includes('sk_live_5'), base.err);
    assert.match(base.err, /not valid JSON at line 1, column \d+/);
    writeFileSync(path.join(dir, 'c', 'pack.json'), `{"id": "t", "version": ${TOKEN}}`);
    const pack = await vigil(['pack', 'test', 'pack.json'], path.join(dir, 'c'));
    assert.equal(pack.code, 2);
    assert.ok(!(pack.out + pack.err).includes('sk_live_5'), pack.err);
    assert.match(pack.err, /not valid JSON at line 1/);
  });
});
