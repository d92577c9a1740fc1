import assert from 'node:assert/strict';
import { keywordScanner, rulesFor } from '../../server/src/engine/ruleSelection';
import { compilePack } from '../../server/src/packs/load';

// The per-file rule selection: the keyword prefilter and include/exclude scopes decide which rules
// run on a file; everything else about a rule is the engine's business (engine.test.ts).

const rule = (id: string, extra: Record<string, unknown>, keywords: string[] = []): unknown => ({
  id,
  name: id,
  category: 'transport',
  severity: 'warning',
  message: 'm',
  tip: 't',
  ...extra,
  detector: keywords.length > 0 ? { kind: 'pattern', pattern: 'x', keywords } : { kind: 'assignment', name: '^x$', value: { type: 'string' } },
});

describe('rule selection', () => {
  const { pack, problems } = compilePack(
    {
      id: 'team',
      version: '1.0.0',
      rules: [
        rule('a.always', {}),
        rule('b.corp', {}, ['Corp.Internal', 'intranet']),
        rule('c.src-only', { include: ['src/**'] }),
        rule('d.not-tests', { exclude: ['*.test.ts'] }, ['ghp_']),
        rule('e.src-only-too', { include: ['src/**'] }, ['intranet']),
      ],
    },
    'team.json',
  );

  it('picks the rules without keywords and those whose keywords occur (any case), in pack order', () => {
    assert.deepEqual(problems, []);
    const ids = (path: string, text: string): string[] => rulesFor(pack, path, text.toLowerCase()).map((r) => r.id);
    assert.deepEqual(ids('lib/a.ts', 'nothing here'), ['a.always']);
    assert.deepEqual(ids('lib/a.ts', 'see CORP.INTERNAL and GHP_x'), ['a.always', 'b.corp', 'd.not-tests']);
    assert.deepEqual(ids('src/a.ts', 'the intranet'), ['a.always', 'b.corp', 'c.src-only', 'e.src-only-too']);
    assert.deepEqual(ids('src/a.test.ts', 'ghp_'), ['a.always', 'c.src-only']);
  });

  it('the keyword scanner finds every keyword that occurs, short and long, overlapping or repeated', () => {
    const scan = keywordScanner(compilePack({ id: 't', version: '1.0.0', rules: [rule('k', {}, ['sk', 'key', 'keystore', 'api-', 'yst', 'ore'])] }, 't.json').pack.rules);
    assert.deepEqual([...scan('a keystore, another key; api-x')].sort(), ['api-', 'key', 'keystore', 'ore', 'yst']);
    assert.deepEqual([...scan('sk_live')].sort(), ['sk']);
    assert.deepEqual([...scan('')], []);
    assert.deepEqual([...scan('ke')], []);
  });
});
