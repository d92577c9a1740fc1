import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from '../unit/support/runCli';

// Hostile file names: a name can carry terminal escape sequences (ESC, OSC 8 hyperlinks, a newline
// that forges a line of output) and bidirectional overrides that reorder what a reviewer reads.
// Text output shows them as escapes; SARIF builds relative URIs from paths (encodeURI left `#`
// as a fragment and a folder named `https:` as a scheme).

const TOKEN = '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';

describe('adversarial: file names in output', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-out-'));
    writeFileSync(path.join(dir, 'esc\u001b]0;pwned\u0007\u001b[31mred\u001b[0m.ts'), `export const t = '${TOKEN}';\n`);
    writeFileSync(path.join(dir, 'forged\nok.ts:1:1  info  fine.ts'), `export const t = '${TOKEN}';\n`);
    writeFileSync(path.join(dir, 'bidi\u202esj.txt'), `token=${TOKEN}\n`);
    writeFileSync(path.join(dir, 'a#b.ts'), `export const t = '${TOKEN}';\n`);
    mkdirSync(path.join(dir, 'https:'));
    writeFileSync(path.join(dir, 'https:', 'x.ts'), `export const t = '${TOKEN}';\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text output never sends a control character or a bidi override from a file name', async () => {
    const { out } = await vigil(['scan', '.', '--no-cache', '--fail-on', 'never'], dir);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(out), JSON.stringify(out));
    assert.match(out, /esc\\x1b\]0;pwned\\x07\\x1b\[31mred/);
    assert.match(out, /forged\\x0aok\.ts/, 'the newline cannot forge a line of its own');
    assert.match(out, /bidi\\u202esj\.txt/);
    assert.ok(!out.includes(TOKEN));
  });

  it('SARIF locations are relative URIs: # and : in names are encoded', async () => {
    const { out } = await vigil(['scan', '.', '--format', 'sarif', '--no-cache', '--fail-on', 'never'], dir);
    const uris: string[] = JSON.parse(out).runs[0].results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri,
    );
    assert.ok(uris.includes('a%23b.ts'), uris.join(' '));
    assert.ok(uris.includes('https%3A/x.ts'), uris.join(' '));
    for (const uri of uris) assert.equal(new URL(uri, 'file:///repo/').href.startsWith('file:///repo/'), true, `${uri} resolves inside the repository`);
  });
});
