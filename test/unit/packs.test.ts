import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from './support/runCli';
import { valueHash } from '../../server/src/engine/fingerprint';
import { unsafeRegexReason } from '../../server/src/packs/safeRegex';
import { scanText } from '../../server/src/engine/scan';
import { loadActivePack, sha256 } from '../../server/src/packs/sources';

const TOKEN = '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';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-pack-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const customRule = {
  id: 'acme.internal-key',
  name: 'ACME key',
  category: 'secret',
  severity: 'error',
  message: 'ACME key {{value}}',
  tip: '### ACME keys\n\nUse the vault.',
  detector: { kind: 'pattern', pattern: '\\b(acme_[a-z0-9]{16})\\b', keywords: ['acme_'], secretGroup: 1 },
  examples: { match: ["k = 'acme_7f3kq9zx2m4b8w1p'"], noMatch: ["k = 'acme_'"] },
};

describe('team rule packs', () => {
  const dirs: string[] = [];
  const ws = (files: Record<string, string>): string => {
    const d = workspace(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('composes built-in + workspace pack: new rules, overrides, disabled rules, tips that replace built-in ones', async () => {
    const dir = ws({
      '.vigil/pack.json': JSON.stringify({
        id: 'acme',
        version: '1.0.0',
        publisher: 'ACME security',
        extends: ['vigil:builtin'],
        rules: [customRule],
        overrides: [
          { rule: 'crypto.weak-hash', severity: 'error' },
          { rule: 'transport.insecure-url', disabled: true },
        ],
        tips: { 'crypto.weak-hash': { title: 'MD5', markdown: '### ACME: never MD5' } },
        houseRules: ['Use the vault'],
      }),
    });
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.deepEqual(problems, []);
    const text = "const k = 'acme_7f3kq9zx2m4b8w1p';\nfetch('http://api.acme-corp.io');\ncrypto.createHash('md5');";
    const findings = scanText({ path: 'src/a.ts', text }, pack).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [
        ['acme.internal-key', 'error'],
        ['crypto.weak-hash', 'error'],
      ],
    );
    assert.equal(pack.rules.find((r) => r.id === 'crypto.weak-hash')?.tip, '### ACME: never MD5');
    assert.deepEqual(
      pack.sources.map((s) => s.id),
      ['vigil-builtin', 'acme'],
    );
    assert.deepEqual(pack.houseRules, ['Use the vault']);
  });

  it('reports bad packs at the right line and keeps the good rules and the other packs', async () => {
    const bad = JSON.stringify(
      { id: 'bad', version: '1', rules: [customRule, { ...customRule, id: 'acme.broken', severity: 'fatal' }], overrides: [{ rule: 'no.such-rule', severity: 'info' }] },
      null,
      2,
    );
    const dir = ws({ '.vigil/pack.json': bad, 'extra.json': '{ "id": "x", "version": 1 ' });
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: ['./extra.json', 'missing-npm-pack'] });
    const lines = bad.split('\n');
    const severity = problems.find((p) => p.path === 'rules[1].severity');
    assert.ok(severity?.line && lines[severity.line - 1].includes('"severity": "fatal"'), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.path === 'overrides[0].rule' && /unknown rule id "no.such-rule"/.test(p.message)));
    assert.ok(problems.some((p) => p.pack.endsWith('extra.json') && /invalid JSON/.test(p.message) && p.line === 1));
    assert.ok(problems.some((p) => /pack "missing-npm-pack" not found/.test(p.message)));
    assert.ok(
      pack.rules.some((r) => r.id === 'acme.internal-key'),
      'the good rule of the broken pack still loads',
    );
    assert.ok(
      pack.rules.some((r) => r.id === 'secret.github-pat-token'),
      'the built-in pack keeps working',
    );
  });

  it('resolves npm package packs from the workspace node_modules', async () => {
    const dir = ws({
      'node_modules/@acme/vigil-pack/package.json': JSON.stringify({ name: '@acme/vigil-pack', version: '1.0.0', vigil: 'rules.json' }),
      'node_modules/@acme/vigil-pack/rules.json': JSON.stringify({ id: 'acme-npm', version: '2.0.0', rules: [customRule] }),
    });
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: false, refs: ['@acme/vigil-pack'] });
    assert.deepEqual(problems, []);
    assert.ok(pack.sources.some((s) => s.id === 'acme-npm' && s.version === '2.0.0'));
  });

  it('URL packs need a sha256 pin and load from the cache offline', async () => {
    const cache = ws({});
    const text = JSON.stringify({ id: 'remote', version: '1.0.0', rules: [customRule] });
    writeFileSync(path.join(cache, `${sha256(text)}.json`), text);
    const pinned = await loadActivePack({ root: cache, workspacePack: false, refs: [`https://packs.invalid/acme.json#sha256=${sha256(text)}`], cacheDir: cache });
    assert.deepEqual(pinned.problems, []);
    assert.ok(pinned.pack.sources.some((s) => s.id === 'remote'));
    const unpinned = await loadActivePack({ root: cache, workspacePack: false, refs: ['https://packs.invalid/acme.json'], cacheDir: cache });
    assert.match(unpinned.problems[0].message, /must carry a pin/);
    const plain = await loadActivePack({ root: cache, workspacePack: false, refs: ['http://packs.invalid/acme.json#sha256=00'], cacheDir: cache });
    assert.match(plain.problems[0].message, /only https:\/\/ URLs/);
  });

  it('runs pack regexes on a linear-time engine: a catastrophic pattern cannot hang a scan, a lookaround is refused by name, the other rules stay', async () => {
    // The heuristic guard is what protects where no linear-time engine is available.
    assert.match(unsafeRegexReason('(a+)+$') ?? '', /nested quantifier/);
    const evil = { ...customRule, id: 'acme.evil', detector: { kind: 'pattern', pattern: '(a+)+$', keywords: ['a'] } };
    const poly = { ...customRule, id: 'acme.poly', detector: { kind: 'pattern', pattern: '[\\w.-]+[\\w-]*\\w*@acme\\.example', keywords: ['@'] } };
    const look = { ...customRule, id: 'acme.look', detector: { kind: 'pattern', pattern: '(?<=key=)[a-z]{8}', keywords: ['key='] } };
    const dir = ws({ '.vigil/pack.json': JSON.stringify({ id: 'e', version: '1', rules: [evil, poly, look, customRule] }) });
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['rules[2].detector'],
    );
    assert.match(problems[0].message, /uses a lookahead or lookbehind .* cannot run in linear time/);
    assert.deepEqual(
      pack.rules
        .filter((r) => r.id.startsWith('acme.'))
        .map((r) => r.id)
        .sort(),
      ['acme.evil', 'acme.internal-key', 'acme.poly'].sort(),
    );
    const started = Date.now();
    scanText({ path: 'a.ts', text: `${'a'.repeat(50_000)}b ${'x.'.repeat(20_000)}@ acme_7f3kq9zx2m4b8w1p` }, pack);
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    // Positions are right without match indices (the linear-time engine has none).
    const found = scanText({ path: 'a.ts', text: "const k = 'acme_7f3kq9zx2m4b8w1p';" }, pack).findings.find((f) => f.ruleId === 'acme.internal-key');
    assert.deepEqual([found?.range.start.character, found?.range.end.character], [11, 32]);
  });

  it('allow lists: paths, value fingerprints (never values) and patterns suppress with an audit entry', async () => {
    const dir = ws({ '.vigil/pack.json': JSON.stringify({ id: 'a', version: '1', allow: { paths: ['docs/**'], values: [valueHash(TOKEN)], patterns: ['^http://legacy\\.'] } }) });
    const { pack } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    const a = scanText({ path: 'src/a.ts', text: `const t = '${TOKEN}';\nfetch('http://legacy.acme-corp.io');\nfetch('http://api.acme-corp.io');` }, pack);
    assert.deepEqual(
      a.findings.map((f) => f.ruleId),
      ['transport.insecure-url'],
    );
    assert.deepEqual(
      a.suppressed.map((s) => s.kind),
      ['allow', 'allow'],
    );
    const docs = scanText({ path: 'docs/setup.ts', text: `const t = '${TOKEN}';` }, pack);
    assert.equal(docs.findings.length, 0);
    assert.equal(docs.suppressed[0].reason, 'path allowed by the rule pack');
  });
});

describe('revealPrefix: a setting of the rule, no longer of its detector', () => {
  const KEY = 'acme_live_Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1Hs5Jf0Ga';
  const rule = {
    id: 'acme.live-key',
    name: 'ACME live key',
    category: 'secret',
    severity: 'error',
    message: 'ACME key {{value}}',
    tip: 'Use the vault.',
    detector: { kind: 'pattern', pattern: '\\b(acme_live_[A-Za-z0-9]{32})\\b', keywords: ['acme_live_'], secretGroup: 1 },
    examples: { match: [`k = '${KEY}'`], noMatch: ['k = process.env.ACME_KEY'] },
  };
  const dirs: string[] = [];
  const ws = (pack: object): string => {
    const dir = workspace({ '.vigil/pack.json': JSON.stringify(pack, null, 2), 'src/a.ts': `export const k = '${KEY}';\n` });
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const messageOf = async (dir: string): Promise<string | undefined> => {
    const { pack } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    const message = scanText({ path: 'src/a.ts', text: `export const k = '${KEY}';\n` }, pack).findings.find((f) => f.ruleId === 'acme.live-key')?.message;
    return message?.replace(/ \(confidence: \w+\)$/, '');
  };

  it('on the rule: the message shows the prefix, masks the rest, and nothing is reported about the pack', async () => {
    const dir = ws({ id: 'acme', version: '1.0.0', rules: [{ ...rule, revealPrefix: 10 }] });
    const { problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.deepEqual(problems, []);
    assert.equal(await messageOf(dir), 'ACME key acme_live_********');
    const scan = await vigil(['scan', 'src/a.ts', '--no-cache'], dir);
    assert.equal(scan.code, 1);
    assert.equal(scan.err, '');
    assert.match(scan.out, /ACME key acme_live_\*{8}/);
    assert.ok(!scan.out.includes(KEY));
    // Without it, nothing of the value is shown.
    assert.equal(await messageOf(ws({ id: 'acme', version: '1.0.0', rules: [rule] })), 'ACME key ********');
  });

  it('in the detector (deprecated): still used, with a warning naming file, line, JSON path and the new place; scan and pack test do not fail on it', async () => {
    const dir = ws({ id: 'acme', version: '1.0.0', rules: [customRule, { ...rule, detector: { ...rule.detector, revealPrefix: 10 } }] });
    const file = path.join(dir, '.vigil/pack.json');
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const [warning] = problems;
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.pack, file);
    assert.equal(warning.path, 'rules[1].detector.revealPrefix');
    assert.equal(readFileSync(file, 'utf8').split('\n')[warning.line! - 1].trim(), '"revealPrefix": 10');
    assert.equal(warning.message, 'is deprecated: move it to rules[1].revealPrefix (a setting of the rule, beside "message", not of its detector); until then its value is used');
    assert.ok(pack.rules.some((r) => r.id === 'acme.live-key'));
    assert.equal(await messageOf(dir), 'ACME key acme_live_********');

    const scan = await vigil(['scan', 'src/a.ts', '--no-cache'], dir);
    assert.equal(scan.code, 1, 'the finding fails the run, the warning does not make it a configuration error (2)');
    assert.equal(
      scan.err,
      `vigil: warning: rule pack ${file}:${warning.line}: rules[1].detector.revealPrefix: is deprecated: move it to rules[1].revealPrefix (a setting of the rule, beside "message", not of its detector); until then its value is used\n`,
    );
    assert.match(scan.out, /ACME key acme_live_\*{8}/);

    const test = await vigil(['pack', 'test', '.vigil/pack.json'], dir);
    assert.equal(test.code, 0, test.out);
    assert.match(test.out, new RegExp(`^WARN rule pack \\.vigil/pack\\.json:${warning.line}: rules\\[1\\]\\.detector\\.revealPrefix: is deprecated: move it to rules\\[1\\]\\.revealPrefix`, 'm'));
    assert.match(test.out, /2 rules, 4 examples passed, 0 failed/);
  });

  it('in both places: the rule wins, and the warning says the old one is ignored', async () => {
    const dir = ws({ id: 'acme', version: '1.0.0', rules: [{ ...rule, revealPrefix: 5, detector: { ...rule.detector, revealPrefix: 10 } }] });
    const { problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path, p.message]),
      [['warning', 'rules[0].detector.revealPrefix', 'is deprecated and ignored: rules[0].revealPrefix is in force; delete this one']],
    );
    assert.equal(await messageOf(dir), 'ACME key acme_********');
  });

  it('the schema checks it on the rule like any property', async () => {
    const dir = ws({ id: 'acme', version: '1.0.0', rules: [{ ...rule, revealPrefix: -1 }] });
    const { problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [['rules[0].revealPrefix', 'must be >= 0']],
    );
  });
});

describe('suppressions and policy', () => {
  const { pack: base } = (() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { builtinPack } = require('../../server/src/packs/builtin') as typeof import('../../server/src/packs/builtin');
    return builtinPack();
  })();
  const md5 = "crypto.createHash('md5');";

  it('supports blocks, until and by, in every comment syntax', () => {
    const text = ['/* vigil-ignore-start crypto.weak-hash until 2099-01-01 by alice -- generated */', md5, md5, '// vigil-ignore-end', md5].join('\n');
    const r = scanText({ path: 'a.ts', text, today: '2026-11-22' }, base);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].range.start.line, 4);
    assert.deepEqual(
      r.suppressed.map((s) => [s.kind, s.by, s.until, s.reason]),
      [
        ['inline', 'alice', '2099-01-01', 'generated'],
        ['inline', 'alice', '2099-01-01', 'generated'],
      ],
    );
    const yaml = scanText({ path: 'c.yaml', text: '# vigil-ignore-next-line transport.insecure-url -- partner sandbox\nurl: http://sandbox.acme-corp.io' }, base);
    assert.equal(yaml.findings.length, 0);
  });

  it('an expired suppression stops suppressing and says so', () => {
    const text = `// vigil-ignore-next-line crypto.weak-hash until 2025-01-31 -- temporary\n${md5}`;
    const r = scanText({ path: 'a.ts', text, today: '2026-11-22' }, base);
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0].message, /suppression on line 1 ignored: it expired on 2025-01-31/);
  });

  it('the policy refuses suppressions of unsuppressible rules, without reason, expiry or reviewer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-policy-'));
    writeFileSync(
      path.join(dir, 'p.json'),
      JSON.stringify({ id: 'p', version: '1', policy: { unsuppressible: ['secret.github-pat-token'], requireReason: true, requireExpiry: true, requireReviewer: true } }),
    );
    const { pack } = await loadActivePack({ root: dir, workspacePack: false, refs: ['./p.json'] });
    rmSync(dir, { recursive: true, force: true });
    const cases: Array<[string, RegExp]> = [
      [`// vigil-ignore-next-line secret.github-pat-token until 2099-01-01 by bob -- test\nconst t = '${TOKEN}';`, /does not allow suppressing secret.github-pat-token/],
      [`// vigil-ignore-next-line crypto.weak-hash until 2099-01-01 by bob\n${md5}`, /requires a reason/],
      [`// vigil-ignore-next-line crypto.weak-hash by bob -- cache key\n${md5}`, /requires an expiry/],
      [`// vigil-ignore-next-line crypto.weak-hash until 2099-01-01 -- cache key\n${md5}`, /requires a reviewer/],
    ];
    for (const [text, why] of cases) {
      const r = scanText({ path: 'a.ts', text, today: '2026-11-22' }, pack);
      assert.equal(r.findings.length, 1, text);
      assert.match(r.findings[0].message, why);
      assert.ok(!r.findings[0].message.includes(TOKEN));
    }
    const ok = scanText({ path: 'a.ts', text: `// vigil-ignore-next-line crypto.weak-hash until 2099-01-01 by bob -- cache key\n${md5}`, today: '2026-11-22' }, pack);
    assert.equal(ok.findings.length, 0);
  });
});

describe('team policy holds everywhere: unsuppressible rules', () => {
  it("a baseline cannot accept them, nor a lower pack's allow.paths or allow.values", async () => {
    const dir = workspace({ 'fixtures/app.ts': `export const t = '${TOKEN}';\nexport const h = require('crypto').createHash('md5');\n` });
    try {
      writeFileSync(path.join(dir, 'team.json'), JSON.stringify({ id: 'team', version: '1', policy: { unsuppressible: ['secret.github-pat-token'] } }));
      mkdirSync(path.join(dir, '.vigil'), { recursive: true });
      const created = await vigil(['baseline', 'create', '--pack', './team.json'], dir);
      assert.equal(created.code, 0, created.err);
      assert.match(created.err, /1 finding not accepted: the team policy does not allow suppressing secret\.github-pat-token; fix it in the code/);
      const baseline = readFileSync(path.join(dir, '.vigil/baseline.json'), 'utf8');
      const after = JSON.parse((await vigil(['scan', '--format', 'json', '--pack', './team.json'], dir)).out);
      assert.deepEqual(
        after.findings.map((f: { ruleId: string }) => f.ruleId),
        ['secret.github-pat-token'],
        'the md5 finding is baselined, the token is not',
      );
      // A baseline written by hand (or by an older Vigil) with the token's fingerprint is ignored for it.
      const before = JSON.parse((await vigil(['scan', '--format', 'json', '--no-baseline'], dir)).out);
      const forced = JSON.parse(baseline);
      const tokenPrint = before.findings.find((f: { ruleId: string }) => f.ruleId === 'secret.github-pat-token').fingerprint;
      writeFileSync(
        path.join(dir, '.vigil/baseline.json'),
        JSON.stringify({ ...forced, findings: [...forced.findings, { fingerprint: tokenPrint, ruleId: 'secret.github-pat-token', file: 'fixtures/app.ts' }] }),
      );
      const ignored = JSON.parse((await vigil(['scan', '--format', 'json', '--pack', './team.json'], dir)).out);
      assert.equal(ignored.findings.length, 1);
      assert.match(ignored.findings[0].message, /in the baseline, ignored: the team policy does not allow suppressing/);
      // The workspace pack (a lower layer anyone can edit) allow-lists the folder: not for this rule.
      writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify({ id: 'local', version: '1', allow: { paths: ['fixtures/**'] } }));
      const allowed = JSON.parse((await vigil(['scan', '--format', 'json', '--no-baseline', '--pack', './team.json'], dir)).out);
      assert.deepEqual(
        allowed.findings.map((f: { ruleId: string }) => f.ruleId),
        ['secret.github-pat-token'],
      );
      assert.match(allowed.findings[0].message, /path allowed by a rule pack, ignored/);
      assert.ok(!JSON.stringify(allowed).includes(TOKEN));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI for CI and pre-commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = workspace({ 'src/app.ts': `export const t = '${TOKEN}';\nexport const u = fetch('http://api.acme-corp.io/x');\n` });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('pack init writes a starter pack that pack test passes; a broken example fails pack test', async () => {
    const init = await vigil(['pack', 'init'], dir);
    assert.equal(init.code, 0);
    assert.ok(existsSync(path.join(dir, '.vigil/pack.json')) && existsSync(path.join(dir, '.vigil/pack.schema.json')));
    const test = await vigil(['pack', 'test', '.vigil/pack.json'], dir);
    assert.equal(test.code, 0, test.out);
    assert.match(test.out, /1 rules, 3 examples passed, 0 failed/);
    const pack = JSON.parse(readFileSync(path.join(dir, '.vigil/pack.json'), 'utf8'));
    pack.rules[0].examples.noMatch.push("const key = 'acme_live_Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1Hs5Jf0Gb';");
    writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify(pack));
    const failing = await vigil(['pack', 'test', '.vigil/pack.json'], dir);
    assert.equal(failing.code, 1);
    assert.match(failing.out, /FAIL acme.internal-api-key: noMatch example 3 was found/);
    assert.ok(!failing.out.includes('acme_live_Zq8'), 'pack test output does not echo secrets');
    assert.equal((await vigil(['pack', 'init'], dir)).code, 2, 'init never overwrites');
  });

  it('pack test checks where a match example says the finding is and what its fix produces, as ESLint states invalid cases', async () => {
    const rule = (examples: unknown) => ({
      id: 'acme.http-api',
      name: 'Plain HTTP to the ACME API',
      category: 'transport',
      severity: 'warning',
      message: 'Plain HTTP to {{value}}',
      tip: 'Use https.',
      detector: { kind: 'url', schemes: ['http'], sinks: [{ callee: ['fetch'], index: 0 }] },
      fix: { kind: 'replaceScheme', schemes: { http: 'https' } },
      examples,
    });
    const code = "const a = 1;\nfetch('http://api.acme-corp.io/v1');";
    const good = { match: [{ code, line: 2, column: 8, output: "const a = 1;\nfetch('https://api.acme-corp.io/v1');" }], noMatch: ["fetch('https://api.acme-corp.io/v1');"] };
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ id: 'acme', version: '1.0.0', rules: [rule(good)] }));
    const passing = await vigil(['pack', 'test', 'good.json'], dir);
    assert.equal(passing.code, 0, passing.out);
    const bad = {
      match: [
        { code, line: 1, column: 8 },
        { code, output: "const a = 1;\nfetch('http://api.acme-corp.io/v2');" },
      ],
      noMatch: ['const b = 2;'],
    };
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ id: 'acme', version: '1.0.0', rules: [rule(bad)] }));
    const failing = await vigil(['pack', 'test', 'bad.json'], dir);
    assert.equal(failing.code, 1);
    assert.match(failing.out, /FAIL acme\.http-api: match example 1 was found at 2:8, not at 1:8/);
    assert.match(failing.out, /FAIL acme\.http-api: match example 2 its fix produced "const a = 1;\\nfetch\('https:\/\/api\.acme-corp\.io\/v1'\);", not /);
  });

  it('pack test prints the rules in force with the pack: its own rules and overrides, and all of them with --list', async () => {
    await vigil(['pack', 'init'], dir);
    const test = await vigil(['pack', 'test', '.vigil/pack.json'], dir);
    const count = /(\d+) rules in force with this pack: 2 added or changed by it, (\d+) from the packs it builds on \(vigil-builtin, acme-house-rules\)/.exec(test.out);
    assert.ok(count, test.out);
    assert.equal(Number(count[1]), Number(count[2]) + 2);
    assert.match(test.out, /\n {2}error +crypto\.insecure-random +crypto +override: warning → error\n/);
    assert.match(test.out, /\n {2}error +acme\.internal-api-key +secret +this pack\n/);
    assert.ok(!/secret\.aws-access-key-id/.test(test.out), 'unchanged built-in rules are only listed with --list');
    const listed = await vigil(['pack', 'test', '.vigil/pack.json', '--list'], dir);
    const rows = listed.out.split('\n').filter((l) => /^ {2}(?:error|warning|info) /.test(l));
    assert.equal(rows.length, Number(count[1]));
    assert.ok(rows.some((r) => /secret\.aws-access-key-id/.test(r)));
  });

  it('signs and verifies packs; with a trusted key, unsigned or tampered packs are refused (exit 2)', async () => {
    await vigil(['pack', 'init'], dir);
    assert.equal((await vigil(['pack', 'keygen', '--out', 'team'], dir)).code, 0);
    assert.equal((await vigil(['pack', 'verify', '.vigil/pack.json', '--pub', 'team.pub.pem'], dir)).code, 1, 'unsigned');
    assert.equal((await vigil(['pack', 'sign', '.vigil/pack.json', '--key', 'team.pem'], dir)).code, 0);
    assert.equal((await vigil(['pack', 'verify', '.vigil/pack.json', '--pub', 'team.pub.pem'], dir)).code, 0);
    const signed = await vigil(['scan', 'src', '--trusted-key', 'team.pub.pem', '--format', 'json'], dir);
    assert.equal(signed.err, '');
    writeFileSync(path.join(dir, '.vigil/pack.json'), readFileSync(path.join(dir, '.vigil/pack.json'), 'utf8').replace('"error"', '"info"'));
    const tampered = await vigil(['scan', 'src', '--trusted-key', 'team.pub.pem'], dir);
    assert.equal(tampered.code, 2);
    assert.match(tampered.err, /bad signature/);
  });

  it('baseline create accepts current findings; new findings still fail; the audit list shows who and why', async () => {
    assert.equal((await vigil(['baseline', 'create'], dir)).code, 0);
    const baseline = readFileSync(path.join(dir, '.vigil/baseline.json'), 'utf8');
    assert.ok(!baseline.includes(TOKEN), 'the baseline stores fingerprints, not values');
    assert.equal((await vigil(['scan', 'src'], dir)).code, 0);
    // Unrelated edits above the findings do not churn the baseline.
    writeFileSync(path.join(dir, 'src/app.ts'), `// header\n\n${readFileSync(path.join(dir, 'src/app.ts'), 'utf8')}`);
    assert.equal((await vigil(['scan', 'src'], dir)).code, 0);
    writeFileSync(path.join(dir, 'src/new.ts'), "crypto.createHash('md5');\n");
    const json = await vigil(['scan', 'src', '--format', 'json', '--show-suppressed'], dir);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out);
    assert.deepEqual(
      report.findings.map((f: { ruleId: string }) => f.ruleId),
      ['crypto.weak-hash'],
    );
    assert.deepEqual(
      report.suppressed.map((s: { kind: string }) => s.kind),
      ['baseline', 'baseline'],
    );
    assert.equal((await vigil(['scan', 'src', '--no-baseline'], dir)).code, 1);
  });

  it('--changed scans only lines changed against git HEAD (and untracked files)', async () => {
    const git = (...a: string[]): string => execFileSync('git', a, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=a@b.c', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=a@b.c', '-c', 'user.name=t', 'commit', '-qm', 'init', '--no-verify');
    assert.equal((await vigil(['scan', '--changed'], dir)).code, 0, 'nothing changed');
    writeFileSync(path.join(dir, 'src/app.ts'), `${readFileSync(path.join(dir, 'src/app.ts'), 'utf8')}crypto.createHash('sha1');\n`);
    writeFileSync(path.join(dir, 'src/untracked.ts'), "fetch('http://new.acme-corp.io');\n");
    const r = JSON.parse((await vigil(['scan', '--changed', '--format', 'json'], dir)).out);
    assert.deepEqual(r.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`).sort(), ['src/app.ts crypto.weak-hash', 'src/untracked.ts transport.insecure-url']);
  });

  it("install-hook adds its check to an existing pre-commit hook, once, before the hook's own commands", async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const hook = path.join(dir, '.git/hooks/pre-commit');
    mkdirSync(path.dirname(hook), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\nnpm run lint\n');
    assert.equal((await vigil(['install-hook'], dir)).code, 0);
    assert.equal((await vigil(['install-hook'], dir)).code, 0);
    const text = readFileSync(hook, 'utf8');
    assert.ok(text.startsWith('#!/bin/sh\n# vigil pre-commit check\n'), 'the check runs first');
    assert.ok(text.endsWith('# end vigil pre-commit check\nnpm run lint\n'), 'the existing hook is kept');
    assert.equal(text.split('# vigil pre-commit check').length, 2, 'added exactly once');
    assert.ok((statSync(hook).mode & 0o111) !== 0, 'executable');
  });

  it('--report writes a self-contained HTML report with counts, top findings (masked) and the audit', async () => {
    const r = await vigil(['scan', 'src', '--report', 'report.html', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.ok(!/<script|<link|<img|(?:src|href)=["']?https?:/i.test(html), 'no scripts, no remote assets');
    assert.match(html, /Top findings/);
    assert.ok(!html.includes(TOKEN));
  });
});
