import assert from 'node:assert/strict';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

// A contributor could silence every rule below a line by putting a directive where it is not a
// comment: in a template literal, a string, a YAML value. And a block opened and never closed used
// to silence the rest of the file. Directives count only inside comments of the file's language.

const { pack } = builtinPack();
const URL_LINE = "fetch('http://api.acme-corp.com/x');";
const ids = (path: string, text: string) => scanText({ path, text }, pack).findings.map((f) => f.ruleId);

describe('adversarial: suppression directives outside comments', () => {
  it('a template literal or string holding a directive silences nothing', () => {
    assert.deepEqual(ids('src/a.ts', "fetch('http://api.acme-corp.com/x', { note: `// vigil-ignore-line transport.insecure-url -- ok` });\n"), ['transport.insecure-url']);
    assert.deepEqual(ids('src/a.ts', "const note = 'see # vigil-ignore-start -- all'; fetch('http://api.acme-corp.com/x');\n"), ['transport.insecure-url']);
  });

  it('a YAML value ending in vigil-ignore-start silences nothing', () => {
    assert.deepEqual(ids('config/app.yml', 'note: see vigil-ignore-start\nendpoint: http://api.acme-corp.com/x\n'), ['transport.insecure-url']);
  });

  it('a block without an end silences nothing and is reported at its line', () => {
    const result = scanText({ path: 'src/a.ts', text: `// vigil-ignore-start transport.insecure-url -- legacy\n${URL_LINE}\n` }, pack);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['transport.insecure-url'],
    );
    assert.deepEqual(
      result.problems?.map((p) => p.line),
      [0],
    );
    assert.match(result.problems?.[0].message ?? '', /without a vigil-ignore-end/);
  });

  it('real comments still work, in each comment syntax', () => {
    assert.deepEqual(ids('src/a.ts', `// vigil-ignore-next-line transport.insecure-url -- partner sandbox\n${URL_LINE}\n`), []);
    assert.deepEqual(ids('src/a.ts', `/* vigil-ignore-start transport.insecure-url -- legacy */\n${URL_LINE}\n/* vigil-ignore-end */\n`), []);
    assert.deepEqual(ids('config/app.yml', '# vigil-ignore-next-line transport.insecure-url -- intranet\nendpoint: http://api.acme-corp.com/x\n'), []);
    assert.deepEqual(ids('src/a.ts', `${URL_LINE} // vigil-ignore-line transport.insecure-url -- intranet\n`), []);
  });

  it('prose that explains the syntax (a README) is not a directive and not a configuration error', () => {
    const result = scanText({ path: 'README.md', text: 'Suppress with `// vigil-ignore-next-line RULE -- reason` above the line.\n' }, pack);
    assert.deepEqual(result.problems ?? [], []);
  });
});
