import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinJson, builtinPack } from '../../server/src/packs/builtin';
import { schemaProblems } from '../../server/src/packs/validate';
import coreJson from '../../rules/builtin.json';
import credentialsJson from '../../rules/credentials.json';
import { compilePack } from '../../server/src/packs/load';
import { RuleExample } from '../../server/src/packs/types';
import { exampleInput, exampleProblem } from '../../server/src/packs/examples';
import { scanText } from '../../server/src/engine/scan';

// Every rule's own examples are its tests (DevSkim's must-match / must-not-match).
const { pack, problems } = builtinPack();

function asExample(e: string | RuleExample): RuleExample {
  return typeof e === 'string' ? { code: e } : e;
}

describe('built-in rule pack', () => {
  it('rules/builtin.json is what rules/builtin/*.json and rules/tips/*.md assemble into (edit the parts; the build assembles)', async () => {
    const { assembleBuiltin } = (await import(pathToFileURL(path.resolve(__dirname, '../../scripts/rules.mjs')).href)) as { assembleBuiltin: () => string };
    assert.equal(readFileSync(path.resolve(__dirname, '../../rules/builtin.json'), 'utf8'), assembleBuiltin(), 'stale: run node scripts/rules.mjs');
  });

  it('rules/builtin.json, rules/credentials.json and the rules generated from the provider table follow the pack schema like any team pack', () => {
    assert.deepEqual(schemaProblems(coreJson), []);
    assert.deepEqual(schemaProblems(credentialsJson), []);
    assert.deepEqual(schemaProblems(builtinJson()), []);
  });

  it('loads without problems and covers every category with at least three rules', () => {
    assert.deepEqual(problems, []);
    for (const category of ['secret', 'transport', 'crypto']) {
      assert.ok(pack.rules.filter((r) => r.category === category).length >= 3, category);
    }
  });

  for (const rule of pack.rules) {
    describe(rule.id, () => {
      // Scan each example with only this rule, so a match cannot come from a neighbour.
      it('has examples that must and must not match', () => {
        assert.ok((rule.source.examples?.match.length ?? 0) >= 1 && (rule.source.examples?.noMatch.length ?? 0) >= 1);
      });
      const single = compilePack({ id: 'one', version: '1', rules: [rule.source] }, 'one').pack;
      // Secret examples are kept out of test titles: logs must never show a secret in clear.
      const label = (example: RuleExample): string => (rule.secret ? `(${example.path ?? 'example.ts'})` : JSON.stringify(example.code).slice(0, 70));
      (rule.source.examples?.match ?? []).map(asExample).forEach((example, i) => {
        const where = example.line !== undefined ? ` at ${example.line}:${example.column ?? '*'}` : '';
        it(`matches example ${i + 1} ${label(example)}${where}${example.output !== undefined ? ', fixed as stated' : ''}`, () => {
          assert.equal(exampleProblem(example, rule.id, single, true), undefined);
        });
      });
      (rule.source.examples?.noMatch ?? []).map(asExample).forEach((example, i) => {
        it(`does not match counter-example ${i + 1} ${label(example)}`, () => {
          assert.equal(exampleProblem(example, rule.id, single, false), undefined);
        });
      });
      if (rule.secret) {
        it('never shows a matched secret in clear in its message', () => {
          for (const example of (rule.source.examples?.match ?? []).map(asExample)) {
            for (const finding of scanText(exampleInput(example), single).findings) {
              const lines = example.code.split(/\r?\n/);
              const r = finding.range;
              const matched = r.start.line === r.end.line ? lines[r.start.line].slice(r.start.character, r.end.character) : '';
              if (matched.length >= 6) assert.ok(!finding.message.includes(matched), finding.message);
            }
          }
        });
      }
    });
  }
});
