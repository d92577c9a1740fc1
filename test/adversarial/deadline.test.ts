import assert from 'node:assert/strict';
import { DEADLINE_RULE, scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';
import { compilePack } from '../../server/src/packs/load';

// Whatever a rule does, one file cannot hold a scan (or the editor's thread) past its time limit:
// the rules not started by then are reported as not run, never silently dropped.

describe('adversarial: a file past its time limit', () => {
  const { pack } = builtinPack();
  const text = "export const t = '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';\nfetch('http://api.acme-corp.io');\n";

  it('stops starting rules and says how many did not run', () => {
    const cut = scanText({ path: 'a.ts', text, deadline: Date.now() - 1 }, pack);
    assert.deepEqual(cut.findings, []);
    assert.equal(cut.failures.length, 1);
    assert.equal(cut.failures[0].ruleId, DEADLINE_RULE);
    assert.match(cut.failures[0].message, /stopped at its time limit: \d+ rules did not run/);
  });

  it('a rule that runs past the limit lets a few more rules start at most, and the rest are reported', () => {
    const rules = Array.from({ length: 20 }, (_, i) => ({
      id: `test.r${i}`,
      name: `Rule ${i}`,
      category: 'crypto' as const,
      severity: 'warning' as const,
      message: 'found {{value}}',
      tip: 'tip',
      detector: { kind: 'pattern' as const, pattern: 'never-present-[0-9]{3}', keywords: ['fetch'] },
      examples: { match: [], noMatch: [] },
    }));
    const slow = compilePack({ id: 'p', version: '1', rules }, 'p').pack;
    const started: string[] = [];
    const deadline = Date.now() + 20;
    for (const r of slow.rules) {
      const detect = r.detect;
      r.detect = (file) => {
        started.push(r.id);
        if (r.id === 'test.r0')
          while (Date.now() <= deadline) {
            // busy past the limit
          }
        return detect(file);
      };
    }
    const cut = scanText({ path: 'a.ts', text, deadline }, slow);
    assert.ok(started.length >= 1 && started.length <= 8, `${started.length} rules started`);
    assert.equal(cut.failures[0]?.message, `analysis of this file stopped at its time limit: ${20 - started.length} rules did not run`);
  });

  it('a generous limit changes nothing', () => {
    const full = scanText({ path: 'a.ts', text }, pack);
    const limited = scanText({ path: 'a.ts', text, deadline: Date.now() + 60_000 }, pack);
    assert.deepEqual(limited, full);
  });
});
