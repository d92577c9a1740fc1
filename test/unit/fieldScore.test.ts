import assert from 'node:assert/strict';
import { CATEGORIES, type Category, type CategoryFigures, emptyFigures, type FieldFinding, INFO_SAMPLE, needsVerdict, parseTriage, score } from '../field/score';

// The field benchmark's arithmetic (npm run bench:field): which findings need a verdict, how
// verdicts are matched, and what counts towards precision and false warnings per 1,000 files.

const finding = (over: Partial<FieldFinding>): FieldFinding => ({ repo: 'r', ruleId: 'secret.x', category: 'secret', severity: 'warning', file: 'a.ts', line: 1, message: '', ...over });
const figures = (): Record<Category, CategoryFigures> => Object.fromEntries(CATEGORIES.map((c) => [c, emptyFigures()])) as Record<Category, CategoryFigures>;

describe('field benchmark scoring', () => {
  it('every warning and error needs a verdict, and a stable sample of the info findings', () => {
    const infos = Array.from({ length: 80 }, (_, i) => finding({ severity: 'info', line: i + 1 }));
    const picked = needsVerdict([finding({ severity: 'error' }), ...infos]);
    assert.equal(picked.length, 1 + INFO_SAMPLE);
    // The sample does not depend on the order the scanner reported the findings in.
    const again = needsVerdict([...infos].reverse().concat(finding({ severity: 'error' })));
    assert.deepEqual(new Set(again.map((f) => f.line)), new Set(picked.map((f) => f.line)));
  });

  it('scores precision at warning and above, counts false warnings only outside deliberately vulnerable apps, and lists the unjudged', () => {
    const triage = [
      { repo: 'r', commit: 'c1', file: 'a.ts', line: 1, rule: 'secret.x', verdict: 'real', reason: 'key' },
      { repo: 'r', commit: 'c1', file: 'a.ts', line: 2, rule: 'secret.x', verdict: 'false', reason: 'placeholder' },
      { repo: 'r', commit: 'old', file: 'a.ts', line: 3, rule: 'secret.x', verdict: 'real', reason: 'stale: another commit' },
    ].map((v) => JSON.stringify(v)).join('\n');
    const { verdicts, problems } = parseTriage(`${triage}\nnot json\n`, new Map([['r', 'c1']]));
    assert.deepEqual(problems, ['triage.jsonl:4: not JSON']);
    const findings = [finding({ line: 1 }), finding({ line: 2 }), finding({ line: 3 })];
    const ordinary = figures();
    const unjudged = score(findings, verdicts, false, ordinary);
    assert.deepEqual(unjudged.map((f) => f.line), [3]);
    assert.deepEqual([ordinary.secret.judged, ordinary.secret.real, ordinary.secret.falseWarningsOrdinary, ordinary.secret.unjudged], [2, 1, 1, 1]);
    const vulnerable = figures();
    score(findings, verdicts, true, vulnerable);
    assert.equal(vulnerable.secret.falseWarningsOrdinary, 0);
  });
});
