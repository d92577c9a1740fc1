import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from '../unit/support/runCli';

// Hostile testing found tokens printed in clear by transport findings: a URL's query string and
// a userinfo password holding `/` went into text, JSON, SARIF, the HTML report and the result
// cache as written. Every output must show the URL with those parts masked.

const QUERY_TOKEN = 'Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1Hs5Jf0';
const SLASH_PASSWORD = 'Tq9/vR2#mK7pLw';

describe('adversarial: secrets carried by URLs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-url-'));
    writeFileSync(path.join(dir, 'ci.ts'), `fetch('http://ci.acme-corp.com/hook?t=${QUERY_TOKEN}&build=7');\nexport const repo = 'https://deploy:${SLASH_PASSWORD}@git.acme-corp.com/app.git';\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'sarif']) {
    it(`--format ${format}: the query token and the password with '/' are masked, the host stays readable`, async () => {
      const cache = mkdtempSync(path.join(tmpdir(), 'vigil-adv-cache-'));
      const report = path.join(cache, 'report.html');
      const { out, err } = await vigil(['scan', '.', '--format', format, '--cache-dir', cache, '--report', report, '--fail-on', 'never'], dir);
      const cached = readdirSync(cache, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(path.join(e.parentPath ?? e.path, e.name), 'latin1'))
        .join('\n');
      for (const [where, text] of [
        ['output', out + err],
        ['HTML report', readFileSync(report, 'utf8')],
        ['result cache', cached],
      ] as const) {
        assert.ok(!text.includes(QUERY_TOKEN), `${where}: query token in clear`);
        assert.ok(!text.includes(SLASH_PASSWORD) && !text.includes('vR2#mK7'), `${where}: password in clear`);
      }
      assert.match(out, /ci\.acme-corp\.com\/hook\?t=\*+/);
      rmSync(cache, { recursive: true, force: true });
    });
  }

  it('the password holding / and # is found as a credential in a URL', async () => {
    const { out } = await vigil(['scan', '.', '--format', 'json', '--no-cache', '--fail-on', 'never'], dir);
    const ids = JSON.parse(out).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('secret.url-credentials'), ids.join(', '));
  });
});
