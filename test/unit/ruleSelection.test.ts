import assert from 'node:assert/strict';
import { keywordScanner, rulesFor } from '../../server/src/engine/ruleSelection';
import { builtinPack } from '../../server/src/packs/builtin';
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

  it('finds exactly what a search for each keyword finds, in texts made of their pieces (the built-in keywords, with fourth characters that differ)', () => {
    const builtin = builtinPack().pack.rules;
    const keywords = [...new Set(builtin.flatMap((r) => r.keywords))];
    const scan = keywordScanner(builtin);
    // Pieces that start keywords but go on otherwise (`const` for `confirmation_code`), whole
    // keywords, and characters outside ASCII whose low bits look like a keyword's fourth character.
    const pieces = [...keywords, ...keywords.map((k) => k.slice(0, 3)), ...keywords.map((k) => k.slice(0, 4) + 'x'), 'const ', 'version', '\u00e9', 'ō', 'é', ' ', '\n'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = next(40); i > 0; i--) text += pieces[next(pieces.length)];
      const expected = keywords.filter((k) => text.includes(k)).sort();
      assert.deepEqual([...scan(text)].sort(), expected, text);
    }
  });
});
