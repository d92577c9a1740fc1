import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadActivePack } from '../../server/src/packs/sources';

// Hostile testing: a pack with 2,000 broken rules took 23-56 s to load (the JSON was parsed again
// for the line of every problem), long enough to stall the editor's pack reload. One parse per pack
// now; every problem still names its line.

describe('adversarial: a pack with thousands of problems', function () {
  this.timeout(60_000);
  it('loads at once, each problem with its own line, and the built-in rules stay in force', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-problems-'));
    try {
      mkdirSync(path.join(dir, '.vigil'));
      const rules = Array.from({ length: 2000 }, (_, i) => ({
        id: `acme.r${i}`,
        name: 'x',
        category: 'secret',
        severity: 'bogus',
        message: 'x',
        tip: 'x',
        detector: { kind: 'pattern', pattern: 'a', keywords: ['a'] },
      }));
      writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify({ id: 'big', version: '1', rules }, null, 2));
      const started = Date.now();
      const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
      const took = Date.now() - started;
      assert.equal(problems.length, 2000);
      // Each rule takes 15 lines in this layout (keywords spread over three).
      assert.deepEqual(
        problems.slice(0, 3).map((p) => [p.path, p.line]),
        [
          ['rules[0].severity', 9],
          ['rules[1].severity', 24],
          ['rules[2].severity', 39],
        ],
      );
      assert.ok(pack.rules.some((r) => r.id === 'secret.github-pat-token'));
      assert.ok(took < 10_000, `took ${took} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
