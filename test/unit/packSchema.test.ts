import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { REGEX_FIELDS, regexSources } from '../../server/src/packs/safeRegex';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from './support/runCli';
import { brokenPack, mistakes } from '../support/packMistakes';

// The pack format is enforced by its schema (rules/pack.schema.json) before anything compiles:
// one mistake of each kind gives a problem with the file, line and path; the broken rule is left
// out and every other rule keeps working, in `scan` and `pack test` alike.

describe('the pack schema is the contract', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-schema-'));
    mkdirSync(path.join(dir, '.vigil'));
    const { pack, file } = brokenPack();
    writeFileSync(path.join(dir, '.vigil/pack.json'), pack);
    writeFileSync(path.join(dir, 'a.ts'), file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scan: one problem per mistake with file, line and path; the good rule and the built-in rules still find', async () => {
    const r = await vigil(['scan', 'a.ts', '--format', 'json', '--no-cache'], dir);
    assert.equal(r.code, 2);
    for (const [kind, , message] of mistakes) assert.match(r.err, message, kind);
    assert.match(r.err, /overrides\[0\]\.rule: unknown rule id "acme\.nope"/);
    assert.match(r.err, /allow\.paths: glob "\{unclosed"/);
    for (const line of r.err.trim().split('\n')) assert.match(line, /^vigil: rule pack .*\.vigil\/pack\.json:\d+: /, line);
    assert.doesNotMatch(r.err, /internal error/);
    const found = JSON.parse(r.out)
      .findings.map((f: { ruleId: string }) => f.ruleId)
      .sort();
    assert.deepEqual(found, ['acme.key', 'secret.github-pat-token']);
  });

  it('the bundled CLI, whose schema validator is compiled at build time, reports exactly what the sources do', async () => {
    const cli = path.resolve(__dirname, '../../dist/cli.js');
    assert.ok(existsSync(cli), `the CLI bundle is built by "npm run build" (${cli} is missing)`);
    const fromSources = await vigil(['scan', 'a.ts', '--format', 'json', '--no-cache'], dir);
    const bundled = spawnSync(process.execPath, [cli, 'scan', 'a.ts', '--format', 'json', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bundled.status, fromSources.code);
    assert.equal(bundled.stderr, fromSources.err);
    assert.deepEqual(JSON.parse(bundled.stdout).findings, JSON.parse(fromSources.out).findings);
  });

  it('pack test reports exactly the same problems, at the same lines', async () => {
    const scan = await vigil(['scan', 'a.ts', '--format', 'json', '--no-cache'], dir);
    const test = await vigil(['pack', 'test', '.vigil/pack.json'], dir);
    // Line, path and message, as each prints them (scan names the file absolutely, pack test as given).
    const problems = (text: string) =>
      text
        .split('\n')
        .filter((l) => /rules\[\d+\]/.test(l))
        .map((l) => /:(\d+): (rules\[\d+\][^:]*: .*)$/.exec(l)?.slice(1).join(' '))
        .sort();
    assert.deepEqual(problems(test.out + test.err), problems(scan.err));
    assert.notEqual(test.code, 0);
  });
});

describe('regex fields are found through the schema', () => {
  it('every field the schema marks as a regex is checked by the guard, and every regex a detector compiles is marked', () => {
    // The fields the detectors compile as regexes (compileRegex calls in server/src/detectors).
    const dir = path.resolve(__dirname, '../../server/src/detectors');
    const compiled = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/compileRegex\(([\w.]+)[,)]/g)) compiled.add(m[1].split('.').pop()!);
    }
    compiled.delete('source');
    compiled.delete('p');
    const unmarked = [...compiled].filter((name) => !REGEX_FIELDS.has(name));
    assert.deepEqual(unmarked, [], 'a detector compiles a regex from a field the schema does not mark with x-vigil-regex');
    for (const field of REGEX_FIELDS) {
      assert.deepEqual(regexSources({ kind: 'x', nested: { [field]: '(a+)+$' } }), ['(a+)+$'], field);
    }
    assert.ok(REGEX_FIELDS.has('pattern') && REGEX_FIELDS.has('unlessInFile') && REGEX_FIELDS.has('exceptNames'));
  });
});
