import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readJson } from '../../server/src/engine/jsonText';
import { loadActivePack } from '../../server/src/packs/sources';

// Hostile testing: a `__proto__` key in a pack's detector swapped the object's prototype while the
// JSON was read, so the regex it held was invisible to the guard (and to `pack test`) but still run
// by the loader: a 3 KB file then hung the scan. JSON is now read one way everywhere, with
// `__proto__` a plain key; what it holds is checked like anything else.

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const CLI = path.resolve(__dirname, '../../server/src/cli.ts');

const hostile = JSON.stringify({
  id: 'hostile',
  version: '1.0.0',
  rules: [
    {
      id: 'hostile.hidden-regex',
      name: 'hidden',
      category: 'secret',
      severity: 'error',
      message: 'x',
      tip: 'x',
      detector: { kind: 'pattern', keywords: ['a'], __proto__: { pattern: '(a+)+$' } },
    },
  ],
}).replace('"detector":{"kind":"pattern","keywords":["a"]}', '"detector":{"kind":"pattern","keywords":["a"],"__proto__":{"pattern":"(a+)+$"}}');

describe('adversarial: __proto__ keys in packs', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-proto-'));
    mkdirSync(path.join(dir, '.vigil'));
    writeFileSync(path.join(dir, '.vigil/pack.json'), hostile);
    writeFileSync(path.join(dir, 'input.txt'), `${'a'.repeat(3000)}!\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads __proto__ as a plain key: the object keeps its prototype and shows what the key holds', () => {
    assert.ok(hostile.includes('"__proto__":{"pattern"'), 'the fixture really holds the key');
    const read = readJson(hostile);
    assert.ok('value' in read);
    const detector = (read.value as { rules: Array<{ detector: Record<string, unknown> }> }).rules[0].detector;
    assert.equal(Object.getPrototypeOf(detector), Object.prototype);
    assert.ok(Object.keys(detector).includes('__proto__'));
    assert.equal(detector.pattern, undefined, 'nothing is inherited from the key');
  });

  it('the loader refuses the rule with a message, the other rules keep working, and a scan of the 3 KB file ends', async () => {
    const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
    assert.ok(
      problems.some((p) => p.pack.endsWith('pack.json') && /rules\[0\]/.test(p.path)),
      JSON.stringify(problems),
    );
    assert.ok(!pack.rules.some((r) => r.id === 'hostile.hidden-regex'));
    assert.ok(
      pack.rules.some((r) => r.id === 'secret.github-pat-token'),
      'built-in rules still in force',
    );
    const started = Date.now();
    const scan = spawnSync(TSX, [CLI, 'scan', 'input.txt', '--format', 'json', '--no-cache'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(scan.signal, 'SIGTERM', `the scan hung (${Date.now() - started} ms)`);
    assert.equal(scan.status, 2, 'a pack problem is a configuration error (exit 2), after scanning with what loaded');
  });
});

describe('adversarial: ids that name Object members', () => {
  it('a rule id such as constructor is refused by the schema with its path; a topic tip called constructor is kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-ids-'));
    try {
      mkdirSync(path.join(dir, '.vigil'));
      const rule = (id: string) => ({ id, name: id, category: 'secret', severity: 'error', message: 'x', tip: `the tip of ${id}`, detector: { kind: 'pattern', pattern: 'zz', keywords: ['zz'] } });
      const tips = JSON.parse('{"constructor": {"title": "Constructors", "markdown": "how to build"}, "toString": {"title": "Strings", "markdown": "text"}}');
      writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify({ id: 'odd', version: '1', rules: [rule('constructor'), rule('acme.fine')], tips }));
      const { pack, problems } = await loadActivePack({ root: dir, workspacePack: true, refs: [] });
      assert.deepEqual(
        problems.map((p) => p.path),
        ['rules[0].id'],
      );
      assert.ok(!pack.rules.some((r) => r.id === 'constructor'));
      assert.equal(pack.rules.find((r) => r.id === 'acme.fine')?.tip, 'the tip of acme.fine');
      const topic = (id: string) => (Object.hasOwn(pack.tips, id) ? pack.tips[id].markdown : undefined);
      assert.equal(topic('constructor'), 'how to build');
      assert.equal(topic('toString'), 'text');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
