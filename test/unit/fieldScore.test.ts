import assert from 'node:assert/strict';
import {
  CATEGORIES,
  type Category,
  type CategoryFigures,
  type DocumentedIssue,
  emptyFigures,
  emptyRecall,
  type FieldFinding,
  findsIssue,
  INFO_SAMPLE,
  needsVerdict,
  parseDocumented,
  parseTriage,
  recall,
  type RecallFigures,
  score,
} from '../field/score';

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
    ]
      .map((v) => JSON.stringify(v))
      .join('\n');
    const { verdicts, problems } = parseTriage(`${triage}\nnot json\n`, new Map([['r', 'c1']]));
    assert.deepEqual(problems, ['triage.jsonl:4: not JSON']);
    const findings = [finding({ line: 1 }), finding({ line: 2 }), finding({ line: 3 })];
    const ordinary = figures();
    const unjudged = score(findings, verdicts, false, ordinary);
    assert.deepEqual(
      unjudged.map((f) => f.line),
      [3],
    );
    assert.deepEqual([ordinary.secret.judged, ordinary.secret.real, ordinary.secret.falseWarningsOrdinary, ordinary.secret.unjudged], [2, 1, 1, 1]);
    const vulnerable = figures();
    score(findings, verdicts, true, vulnerable);
    assert.equal(vulnerable.secret.falseWarningsOrdinary, 0);
  });

  describe('recall of documented issues', () => {
    const issue = (over: Partial<DocumentedIssue>): DocumentedIssue => ({
      repo: 'r',
      commit: 'c1',
      id: 'i',
      category: 'secret',
      file: 'src/a.ts',
      lines: [10, 12],
      source: 'README.md',
      description: '',
      ...over,
    });
    const recallFigures = (): Record<Category, RecallFigures> => Object.fromEntries(CATEGORIES.map((c) => [c, emptyRecall()])) as Record<Category, RecallFigures>;

    it('a finding of the same category in the same file finds the issue within two lines of its range, not further', () => {
      const i = issue({});
      for (const line of [8, 10, 11, 12, 14]) assert.ok(findsIssue(finding({ file: 'src/a.ts', line }), i), `line ${line}`);
      for (const line of [7, 15]) assert.ok(!findsIssue(finding({ file: 'src/a.ts', line }), i), `line ${line}`);
      // ./ and Windows separators in the reported path do not matter.
      assert.ok(findsIssue(finding({ file: 'src\\a.ts', line: 10 }), i));
      assert.ok(findsIssue(finding({ file: './src/a.ts', line: 10 }), i));
    });

    it('a finding of another category, in another file or another repository does not count', () => {
      const i = issue({});
      assert.ok(!findsIssue(finding({ file: 'src/a.ts', line: 11, category: 'crypto' }), i));
      assert.ok(!findsIssue(finding({ file: 'src/b.ts', line: 11 }), i));
      assert.ok(!findsIssue(finding({ file: 'a.ts', line: 11 }), i));
      assert.ok(!findsIssue(finding({ repo: 'other', file: 'src/a.ts', line: 11 }), i));
    });

    it('counts documented and found issues per category, found at warning and above, and returns the missed', () => {
      const issues = [
        issue({ id: 'key', category: 'secret', lines: [5, 5] }),
        issue({ id: 'http', category: 'transport', file: 'server.js', lines: [40, 40] }),
        issue({ id: 'md5', category: 'crypto', lines: [20, 22] }),
        issue({ id: 'ecb', category: 'crypto', lines: [30, 30] }),
      ];
      const findings = [
        finding({ file: 'src/a.ts', line: 6, category: 'secret', severity: 'error' }),
        finding({ file: 'server.js', line: 40, category: 'transport', severity: 'info' }),
        finding({ file: 'src/a.ts', line: 30, category: 'transport' }), // wrong category for ecb
        finding({ file: 'src/b.ts', line: 21, category: 'crypto' }), // wrong file for md5
      ];
      const figs = recallFigures();
      const missed = recall(issues, findings, figs);
      assert.deepEqual(
        missed.map((m) => m.id),
        ['md5', 'ecb'],
      );
      assert.deepEqual(figs.secret, { documented: 1, found: 1, foundWarning: 1 });
      assert.deepEqual(figs.transport, { documented: 1, found: 1, foundWarning: 0 });
      assert.deepEqual(figs.crypto, { documented: 2, found: 0, foundWarning: 0 });
    });

    it('reads documented.json and reports issues located at another commit, malformed entries and duplicates', () => {
      const text = JSON.stringify({
        issues: [
          issue({ id: 'a' }),
          issue({ id: 'b', commit: 'old' }),
          issue({ id: 'c', lines: [3, 2] }),
          { repo: 'r', commit: 'c1', id: 'd', category: 'xss', file: 'a.ts', lines: [1, 1] },
          issue({ id: 'a' }),
        ],
      });
      const { issues, problems } = parseDocumented(text, new Map([['r', 'c1']]));
      assert.deepEqual(
        issues.map((i) => i.id),
        ['a', 'a'],
      );
      assert.equal(problems.length, 4);
      assert.match(problems[0], /r b was located at old/);
      assert.match(problems[1], /issue 3: needs/);
      assert.match(problems[2], /issue 4: needs/);
      assert.match(problems[3], /r a is listed twice/);
      assert.deepEqual(parseDocumented('nope', new Map()).problems, ['documented.json: not JSON']);
    });
  });
});
