import assert from 'node:assert/strict';
import { applyFix } from '../../server/src/packs/examples';
import { isJsPath } from '../../server/src/engine/language';
import { scanText } from '../../server/src/engine/scan';
import { Finding } from '../../server/src/engine/types';
import { builtinPack } from '../../server/src/packs/builtin';
import { RuleExample } from '../../server/src/packs/types';
import { syntaxErrorCount } from '../../server/src/syntax/jsFacts';

// Every quick fix a rule offers on its own examples is applied, and then: the file still parses,
// the finding is gone, nothing new appears, and applying fixes again changes nothing.
const { pack } = builtinPack();

const key = (f: Finding): string => `${f.ruleId}@${f.range.start.line}`;

describe('quick fixes on every rule example', () => {
  let applied = 0;
  for (const rule of pack.rules) {
    for (const raw of rule.source.examples?.match ?? []) {
      const example: RuleExample = typeof raw === 'string' ? { code: raw } : raw;
      const path = example.path ?? 'example.ts';
      const before = scanText({ path, text: example.code }, pack).findings;
      for (const finding of before.filter((f) => f.ruleId === rule.id && f.fix)) {
        it(`${rule.id}: "${finding.fix!.title}" keeps the file valid and removes the finding (${path})`, () => {
          applied++;
          const fixed = applyFix(example.code, finding);
          assert.notEqual(fixed, example.code, 'the fix changes something');
          if (isJsPath(path)) assert.equal(syntaxErrorCount(path, fixed), syntaxErrorCount(path, example.code), 'still parses');
          const after = scanText({ path, text: fixed }, pack).findings;
          assert.ok(!after.some((f) => f.ruleId === rule.id && f.range.start.line === finding.range.start.line && f.range.start.character === finding.range.start.character), 'finding gone');
          const old = new Set(before.map(key));
          const fresh = after.filter((f) => !old.has(key(f)));
          assert.deepEqual(fresh.map(key), [], 'nothing new appears');
          const again = after.filter((f) => f.ruleId === rule.id && f.fix);
          for (const f of again) assert.notEqual(f.range.start.line === finding.range.start.line && f.range.start.character === finding.range.start.character, true);
        });
      }
    }
  }
  after(() => {
    assert.ok(applied >= 20, `applied ${applied} fixes`);
  });
});
