import assert from 'node:assert/strict';
import { scanText, skipReason } from '../../server/src/engine/scan';
import { maskSecret, maskUrlCredentials, scrub } from '../../server/src/engine/mask';
import { suppressionEdit } from '../../server/src/engine/suppressEdit';
import { builtinPack } from '../../server/src/packs/builtin';
import { compilePack } from '../../server/src/packs/load';
import { RuleJson } from '../../server/src/packs/types';

const { pack } = builtinPack();
const TOKEN = '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';

function rule(overrides: Partial<RuleJson>): RuleJson {
  return {
    id: 'test.rule',
    name: 'Test rule',
    category: 'crypto',
    severity: 'warning',
    message: 'found {{value}}',
    tip: 'tip',
    detector: { kind: 'call', callee: ['Math.random'] },
    examples: { match: [], noMatch: [] },
    ...overrides,
  };
}

describe('engine: scanText', () => {
  it('reports 0-based ranges that point exactly at the matched value', () => {
    const text = `const a = 1;\nconst key = '${TOKEN}';\n`;
    const [f] = scanText({ path: 'a.ts', text }, pack).findings;
    assert.equal(f.ruleId, 'secret.github-pat-token');
    assert.deepEqual(f.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 13 + TOKEN.length } });
  });

  it('keeps one finding per secret: the provider format wins over the name heuristic', () => {
    const ids = scanText({ path: 'a.ts', text: `const apiToken = '${TOKEN}';` }, pack).findings.map((f) => f.ruleId);
    assert.deepEqual(ids, ['secret.github-pat-token']);
  });

  it('gives stable fingerprints that do not change when code moves down', () => {
    const a = scanText({ path: 'src/a.ts', text: "fetch('http://api.acme-corp.io');" }, pack).findings[0];
    const b = scanText({ path: 'src/a.ts', text: "\n\n// moved\nfetch('http://api.acme-corp.io');" }, pack).findings[0];
    assert.equal(a.fingerprint, b.fingerprint);
    const other = scanText({ path: 'src/b.ts', text: "fetch('http://api.acme-corp.io');" }, pack).findings[0];
    assert.notEqual(a.fingerprint, other.fingerprint);
    assert.match(a.fingerprint, /^[0-9a-f]{32}$/);
  });

  it('keeps earlier findings’ fingerprints when the same secret is bound again below, under names that interleave', () => {
    const lines = ["const a = { password: 'Vq8#mT2$wL7pR4xZ' };", "const b = { pwd: 'Vq8#mT2$wL7pR4xZ' };", "const c = { password: 'Vq8#mT2$wL7pR4xZ' };"];
    const two = scanText({ path: 'src/db.ts', text: lines.slice(0, 2).join('\n') }, pack).findings;
    const three = scanText({ path: 'src/db.ts', text: lines.join('\n') }, pack).findings;
    assert.deepEqual(
      two.map((f) => [f.ruleId, f.range.start.line]),
      [
        ['secret.hardcoded-password', 0],
        ['secret.hardcoded-password', 1],
      ],
    );
    assert.deepEqual(
      three.slice(0, 2).map((f) => f.fingerprint),
      two.map((f) => f.fingerprint),
    );
    assert.equal(new Set(three.map((f) => f.fingerprint)).size, three.length, 'each occurrence has its own fingerprint');
  });

  it('honours suppression comments for the named rule only, and keeps the reason', () => {
    const text = [
      '// vigil-ignore-next-line crypto.weak-hash -- cache key, not a security use',
      "const h = crypto.createHash('md5');",
      "fetch('http://api.acme-corp.io'); // vigil-ignore-line crypto.weak-hash -- wrong rule",
    ].join('\n');
    const result = scanText({ path: 'a.ts', text }, pack);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['transport.insecure-url'],
    );
    assert.equal(result.suppressed.length, 1);
    assert.equal(result.suppressed[0].reason, 'cache key, not a security use');
  });

  it('resolves a same-file constant passed to createHash', () => {
    const text = "const ALGO = 'sha1';\nexport const h = require('crypto').createHash(ALGO);";
    const f = scanText({ path: 'a.js', text }, pack).findings.find((x) => x.ruleId === 'crypto.weak-hash');
    assert.ok(f);
    assert.equal(f.fix, undefined, 'a shared constant is not rewritten at the call site');
  });

  it('does not flag URLs in comments of JS/TS, but does in other text files', () => {
    assert.deepEqual(scanText({ path: 'a.ts', text: '// http://legacy.acme-corp.io' }, pack).findings, []);
    assert.equal(scanText({ path: 'conf.yaml', text: 'url: http://legacy.acme-corp.io' }, pack).findings.length, 1);
  });

  it('still runs text rules on a file with syntax errors', () => {
    const result = scanText({ path: 'broken.ts', text: `const = = '${TOKEN}' {{{ ` }, pack);
    assert.ok(result.findings.some((f) => f.ruleId === 'secret.github-pat-token'));
  });

  it('reads a declaration file with the text rules only: it runs no code, and its syntax is not checked', () => {
    const declared = `export declare const apiBase = 'http://api.acme-corp.io';\nexport declare const password = 'Wint3r-Sky-2024';\n/** ${TOKEN} */\nexport declare const = = ;\n`;
    for (const path of ['types/config.d.ts', 'types/config.d.mts', 'styles/app.d.css.ts']) {
      const result = scanText({ path, text: declared }, pack);
      assert.deepEqual(
        result.findings.map((f) => f.ruleId),
        ['secret.github-pat-token'],
        path,
      );
      assert.deepEqual(result.failures, [], `${path}: no syntax rule reads it, so its syntax error is no one's failure`);
    }
    // The code the declarations were made from: the syntax rules find both values there.
    const source = scanText({ path: 'src/config.ts', text: declared.replace(/declare /g, '').replace('export const = = ;', '') }, pack);
    assert.deepEqual(source.findings.map((f) => f.ruleId).sort(), ['secret.github-pat-token', 'secret.hardcoded-password', 'transport.insecure-url']);
  });

  it('reads code around type annotations, not inside them: a token written as a type has no value to move to the environment', () => {
    const text = `type Key = '${TOKEN}';\ninterface Config { algo: 'md5' }\nconst h: Map<string, Array<'sha1'>> = require('crypto').createHash('md5');\nconst key: string = '${TOKEN}';\n`;
    const findings = scanText({ path: 'src/a.ts', text }, pack).findings;
    const tokens = findings.filter((f) => f.ruleId === 'secret.github-pat-token');
    assert.deepEqual(
      tokens.map((f) => [f.range.start.line, f.literalRange !== undefined]),
      [
        [0, false],
        [3, true],
      ],
    );
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'crypto.weak-hash').map((f) => f.range.start.line),
      [2],
    );
  });

  it('skips minified and oversized text with a reason instead of analysing it', () => {
    const minified = 'var a=1;'.repeat(5000);
    assert.match(skipReason(minified) ?? '', /minified/);
    assert.match(scanText({ path: 'bundle.js', text: minified }, pack).skipped ?? '', /minified/);
    assert.match(skipReason('x\n'.repeat(1_100_000)) ?? '', /too large/);
  });

  it('calls a file minified by its average line length over the whole file: 400 characters is not minified, 401 is', () => {
    const lines = (count: number, width: number): string => `${'y'.repeat(width - 1)}\n`.repeat(count);
    // 100 lines of 400 characters (with their line breaks) and a last, empty line: an average of 396.
    assert.equal(skipReason(lines(100, 400)), undefined);
    // Short lines first, then one long line: it is the average over the file that counts.
    const tail = `${lines(60, 40)}${'z'.repeat(40_000)}`;
    assert.equal(skipReason(tail), `minified or generated (average line length ${Math.round(tail.length / 61)})`);
    // Exactly 400 on average is not minified; a character more is.
    const exact = `${'q'.repeat(40_000 - 99)}${'\n'.repeat(99)}`;
    assert.equal(skipReason(exact), undefined);
    assert.equal(skipReason(`${exact}w`), 'minified or generated (average line length 400)');
  });

  it('isolates a throwing rule: it is reported, the other rules still produce findings', () => {
    const broken = compilePack({ id: 'p', version: '1', rules: [rule({ id: 'test.broken' })] }, 'p').pack;
    broken.rules[0].detect = () => {
      throw new Error(`boom while reading ${TOKEN}`);
    };
    const mixed = { ...pack, rules: [...broken.rules, ...pack.rules] };
    const result = scanText({ path: 'a.ts', text: "fetch('http://api.acme-corp.io');" }, mixed);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['transport.insecure-url'],
    );
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0].ruleId, 'test.broken');
  });

  it('survives 10,000 levels of nesting without throwing', () => {
    const deep = '(\n'.repeat(10_000) + '1' + ')\n'.repeat(10_000) + `;\nconst t = '${TOKEN}';`;
    const result = scanText({ path: 'deep.ts', text: deep }, pack);
    assert.ok(result.findings.some((f) => f.ruleId === 'secret.github-pat-token'));
  });
});

describe('engine: rule packs', () => {
  it('reports a broken rule with its JSON path and keeps the other rules', () => {
    const { pack: loaded, problems } = compilePack(
      {
        id: 'team',
        version: '1.0.0',
        rules: [rule({ id: 'test.bad-regex', detector: { kind: 'pattern', pattern: '([a-z', keywords: [] } }), rule({ id: 'test.bad-severity', severity: 'fatal' as never }), rule({ id: 'test.ok' })],
      },
      'team.json',
    );
    assert.deepEqual(
      loaded.rules.map((r) => r.id),
      ['test.ok'],
    );
    assert.equal(problems.length, 2);
    assert.equal(problems[0].path, 'rules[0].detector');
    assert.match(problems[0].message, /invalid regular expression/);
    assert.equal(problems[1].path, 'rules[1].severity');
  });

  it('applies include/exclude globs with micromatch', () => {
    const { pack: scoped } = compilePack({ id: 'p', version: '1', rules: [rule({ include: ['src/**'], exclude: ['**/*.test.ts'] })] }, 'p');
    const text = 'const x = Math.random();';
    assert.equal(scanText({ path: 'src/a.ts', text }, scoped).findings.length, 1);
    assert.equal(scanText({ path: 'src/a.test.ts', text }, scoped).findings.length, 0);
    assert.equal(scanText({ path: 'scripts/a.ts', text }, scoped).findings.length, 0);
  });
});

describe('engine: masking', () => {
  it('shows at most a provider prefix and never the length', () => {
    assert.equal(maskSecret(TOKEN, 4), 'ghp_********');
    assert.equal(maskSecret('hunter22', 4), 'hu********');
    assert.equal(maskSecret('abc'), '********');
  });

  it('masks passwords in URLs and scrubs known secrets from free text', () => {
    assert.equal(maskUrlCredentials('postgres://admin:S3cr3t@db.acme.io/app'), 'postgres://admin:********@db.acme.io/app');
    assert.equal(scrub(`failed with ${TOKEN}`, [TOKEN]), 'failed with ********');
  });
});

describe('engine: suppression edit', () => {
  const text = "function f() {\n  const h = createHash('md5');\n}\n";

  it('inserts an indented comment with the reason above the line', () => {
    const edit = suppressionEdit('a.ts', text, 1, 'crypto.weak-hash', 'cache key');
    assert.deepEqual(edit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  // vigil-ignore-next-line crypto.weak-hash -- cache key\n' });
  });

  it('is idempotent: no edit when the line is already suppressed', () => {
    const once = text.replace('  const h', '  // vigil-ignore-next-line crypto.weak-hash -- cache key\n  const h');
    assert.equal(suppressionEdit('a.ts', once, 2, 'crypto.weak-hash', 'again'), undefined);
  });

  it('uses # in .env and YAML files and refuses JSON (no comments)', () => {
    assert.match(suppressionEdit('.env', 'A=b\n', 0, 'x', 'r')?.newText ?? '', /^# vigil-ignore-next-line x -- r\n$/);
    assert.equal(suppressionEdit('package.json', '{}\n', 0, 'x', 'r'), undefined);
  });
});

describe('engine: documented example keys and test code', () => {
  it('reports vendor example keys at info and says so, instead of dropping them', () => {
    const [f] = scanText({ path: 'src/aws.ts', text: "const id = 'AKIAIOSFODNN7EXAMPLE';" }, pack).findings;
    assert.equal(f.ruleId, 'secret.aws-access-key-id');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /documented example value/);
  });

  it('reports secrets in test code one level lower and says so', () => {
    const text = "const dbPassword = 'S3cr3t!pa55';";
    const prod = scanText({ path: 'src/db.ts', text }, pack).findings[0];
    const test = scanText({ path: 'src/__tests__/db.test.ts', text }, pack).findings[0];
    assert.equal(prod.severity, 'warning');
    assert.equal(test.severity, 'info');
    assert.match(test.message, /in test or example code/);
  });

  it('validates GitHub checksums offline: a bad checksum is heuristic and says why', () => {
    const good = scanText({ path: 'a.ts', text: `const t = '${TOKEN}';` }, pack).findings[0];
    assert.equal(good.confidence, 'validated');
    const bad = scanText({ path: 'a.ts', text: `const t = '${TOKEN.slice(0, -1)}${TOKEN.endsWith('A') ? 'B' : 'A'}';` }, pack).findings[0];
    assert.equal(bad.confidence, 'heuristic');
    assert.match(bad.message, /checksum does not match/);
  });
});
