import assert from 'node:assert/strict';
import { DEADLINE_RULE, scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

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

  it('a generous limit changes nothing', () => {
    const full = scanText({ path: 'a.ts', text }, pack);
    const limited = scanText({ path: 'a.ts', text, deadline: Date.now() + 60_000 }, pack);
    assert.deepEqual(limited, full);
  });
});
