import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from './support/runCli';

const FIXTURE = path.resolve(__dirname, '../fixtures/workspace');
const TOKEN = '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';

describe('CLI: vigil scan', () => {
  it('prints the JSON contract with 1-based positions, relative paths and masked messages', async () => {
    const { code, out } = await vigil(['scan', 'src', '.env', '--format', 'json'], FIXTURE);
    assert.equal(code, 1);
    const report = JSON.parse(out);
    assert.equal(report.tool, 'vigil');
    assert.match(report.version, /^\d+\.\d+\.\d+/);
    const secret = report.findings.find((f: { ruleId: string }) => f.ruleId === 'secret.github-pat-token');
    assert.deepEqual(Object.keys(secret).sort(), ['category', 'column', 'confidence', 'endColumn', 'endLine', 'file', 'fingerprint', 'line', 'message', 'ruleId', 'severity'].sort());
    assert.equal(secret.file, 'src/app.ts');
    assert.equal(secret.line, 3);
    assert.equal(secret.column, 19);
    assert.equal(secret.category, 'secret');
    assert.ok(!out.includes(TOKEN), 'no secret in clear in the JSON report');
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId).sort();
    assert.deepEqual(ids, ['crypto.weak-hash', 'secret.github-pat-token', 'secret.hardcoded-password', 'transport.insecure-url']);
  });

  it("the README's main job: the sample project gives the findings the README describes and exits 1", async () => {
    const { code, out } = await vigil(['scan', '.', '--format', 'json'], path.resolve(__dirname, '../../samples/acme-shop'));
    assert.equal(code, 1);
    const findings = (JSON.parse(out) as { findings: Array<{ ruleId: string; severity: string; file: string }> }).findings;
    const count = (s: string): number => findings.filter((f) => f.severity === s).length;
    assert.deepEqual([findings.length, new Set(findings.map((f) => f.file)).size, count('error'), count('warning'), count('info')], [10, 5, 4, 5, 1]);
    assert.deepEqual(
      findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.ruleId)
        .sort(),
      ['crypto.weak-hash', 'secret.connection-string-mongodb', 'secret.session-secret', 'secret.stripe-live-secret-key'],
    );
  });

  it("Vigil's own repository scans clean: fixtures, rule examples and the sample are declared in .vigil/pack.json", async () => {
    const { code, out } = await vigil(['scan', 'README.md', 'server', 'client', 'scripts', 'rules', 'test/fixtures', 'samples', '--format', 'json'], path.resolve(__dirname, '../..'));
    assert.equal(code, 0, out.slice(0, 2000));
  });

  it('exit codes follow --fail-on', async () => {
    assert.equal((await vigil(['scan', '.', '--fail-on', 'error'], FIXTURE)).code, 1);
    assert.equal((await vigil(['scan', 'src/clean.ts', '--fail-on', 'info'], FIXTURE)).code, 0);
    assert.equal((await vigil(['scan', '.', '--fail-on=never'], FIXTURE)).code, 0);
  });

  it('exits 2 with a one-line message on usage errors', async () => {
    for (const args of [['scan', '--format', 'xml'], ['scan', '--fail-on', 'critical'], ['scan', '--bogus'], ['lint'], ['scan', 'no/such/dir']]) {
      const { code, err } = await vigil(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^vigil: .+\n$/);
    }
  });

  it('writes SARIF 2.1.0 with rules, levels, regions and fingerprints, without secrets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-cli-'));
    const out = path.join(dir, 'report.sarif');
    try {
      const { code } = await vigil(['scan', '.', '--format', 'sarif', '--output', out], FIXTURE);
      assert.equal(code, 1);
      const text = readFileSync(out, 'utf8');
      assert.ok(!text.includes(TOKEN));
      const sarif = JSON.parse(text);
      assert.equal(sarif.version, '2.1.0');
      const run = sarif.runs[0];
      assert.equal(run.tool.driver.name, 'vigil');
      const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'secret.github-pat-token');
      assert.equal(result.level, 'error');
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'secret.github-pat-token');
      assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 19, endLine: 3, endColumn: 59 });
      assert.match(result.partialFingerprints['vigil/v1'], /^[0-9a-f]{32}$/);
      assert.equal(result.properties.confidence, 'validated', 'the GitHub checksum is verified offline');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints text for people with a summary, and skips binary, large and unreadable files with reasons', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-cli-'));
    try {
      writeFileSync(path.join(dir, 'app.js'), "fetch('http://api.acme-corp.io/x');\n");
      writeFileSync(path.join(dir, 'blob.js'), Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
      writeFileSync(path.join(dir, 'huge.json'), `{"a":"${'x'.repeat(1_200_000)}"}`);
      writeFileSync(path.join(dir, 'latin1.ts'), Buffer.concat([Buffer.from("const s = '\xff\xfe';\n", 'latin1'), Buffer.from("fetch('http://b.acme-corp.io');\n")]));
      mkdirSync(path.join(dir, 'locked'));
      writeFileSync(path.join(dir, 'locked', 'x.js'), 'x');
      chmodSync(path.join(dir, 'locked'), 0o000);
      const { code, out } = await vigil(['scan', '.'], dir);
      assert.equal(code, 1);
      assert.match(out, /^app\.js\n {2}1:8 {2}warning {2}transport\.insecure-url {2}Unencrypted connection/m);
      assert.match(out, /^latin1\.ts\n {2}2:8 /m, 'invalid UTF-8 does not stop the scan');
      const asRoot = process.getuid?.() === 0;
      // root can read a 000 folder; anyone else gets it reported as unreadable.
      assert.match(out, new RegExp(`^2 findings in 2 files \\(2 warnings\\) · ${asRoot ? 3 : 2} files scanned$`, 'm'));
      const skipped = /^\d+ skipped \((.*)\): --verbose lists them$/m.exec(out)?.[1] ?? '';
      assert.match(skipped, /binary file: 1/);
      assert.match(skipped, /larger than 1024 KB: 1/);
      if (!asRoot) assert.match(skipped, /cannot read folder: 1/);
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI: SARIF validity', () => {
  it('is valid SARIF 2.1.0 against the official schema, with rules, help, fingerprints and suppressions', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv2020 = require('ajv/dist/2020').default as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addFormats = require('ajv-formats').default as (a: unknown) => void;
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/sarif/sarif-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-sarif-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), `const t = '${TOKEN}';\n// vigil-ignore-next-line crypto.weak-hash by bob -- cache key\ncrypto.createHash('md5');\nfetch('http://api.acme-corp.io');\n`);
      const { out } = await vigil(['scan', '.', '--format', 'sarif', '--show-suppressed'], dir);
      const sarif = JSON.parse(out) as {
        runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; justification: string }> }>; tool: { driver: { rules: Array<{ help: { text: string } }> } } }>;
      };
      const valid = validate(sarif);
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));
      const suppressed = sarif.runs[0].results.filter((r) => r.suppressions);
      assert.deepEqual(
        suppressed.map((r) => r.suppressions![0].kind),
        ['inSource'],
      );
      assert.equal(suppressed[0].suppressions![0].justification, 'cache key');
      assert.ok(sarif.runs[0].tool.driver.rules.every((r) => r.help.text.length > 0));
      // GitHub code scanning ranks by security-severity and links helpUri.
      const rules = sarif.runs[0].tool.driver.rules as unknown as Array<{ id: string; helpUri?: string; properties: Record<string, unknown> }>;
      const byId = new Map(rules.map((r) => [r.id, r]));
      assert.equal(byId.get('secret.github-pat-token')?.properties['security-severity'], '9.0');
      assert.equal(byId.get('transport.insecure-url')?.properties['security-severity'], '5.5');
      assert.match(byId.get('transport.insecure-url')?.helpUri ?? '', /^https:\/\/cwe\.mitre\.org\/data\/definitions\/319\.html$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI: configuration mistakes in suppressions', () => {
  it('a suppression naming an unknown rule or a bad date: a warning naming the file and line, the finding it meant still reported and deciding the exit code', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-supp-'));
    try {
      writeFileSync(
        path.join(dir, 'a.ts'),
        "// vigil-ignore-next-line crypto.weak-hsah -- typo\ncrypto.createHash('md5');\n// vigil-ignore-next-line transport.insecure-url until next-week -- later\nfetch('http://api.acme-corp.io');\n",
      );
      const { code, out, err } = await vigil(['scan', '.'], dir);
      assert.equal(code, 1, 'findings at warning and above, not a configuration error');
      assert.match(err, /^vigil: warning: a\.ts:1: suppression names unknown rule "crypto\.weak-hsah": it suppresses nothing/m);
      assert.match(err, /^vigil: warning: a\.ts:3: suppression "until next-week" is not a date: write until YYYY-MM-DD/m);
      assert.match(out, /crypto\.weak-hash/, 'the typo suppresses nothing: the finding is reported');
      writeFileSync(path.join(dir, 'a.ts'), '// vigil-ignore-next-line crypto.weak-hsah -- typo\nconst a = 1;\n');
      writeFileSync(path.join(dir, 'README.md'), 'Accept a finding with `// vigil-ignore-next-line RULE-ID -- reason` on the line above.\n');
      const quiet = await vigil(['scan', '.'], dir);
      assert.equal(quiet.code, 0, 'nothing found: a directive typo alone does not fail the run');
      assert.doesNotMatch(quiet.err, /README/, 'prose that explains the syntax is not a directive');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
