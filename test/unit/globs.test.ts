import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { globProblem } from '../../server/src/engine/globs';
import { validateSettings } from '../../server/src/lsp/settings';
import { compilePack } from '../../server/src/packs/load';
import { vigil } from './support/runCli';

describe('bad globs: one clear message each, and the rest keeps working', () => {
  it('names what is wrong with a glob', () => {
    assert.equal(globProblem('dist/**'), undefined);
    assert.equal(globProblem('*.test.ts'), undefined);
    assert.match(globProblem('')!, /empty/);
    assert.match(globProblem('/home/me/app/dist')!, /absolute path.*relative to the workspace folder/);
    assert.match(globProblem('src/{a,b')!, /can never match/);
    assert.match(globProblem('**/[z-a].ts')!, /can never match/);
  });

  it('settings: a bad glob is reported and left out, the good ones apply', () => {
    const { settings, problems } = validateSettings({ exclude: ['generated/**', 'src/{legacy,old'] });
    assert.deepEqual(settings.exclude, ['generated/**']);
    assert.deepEqual(problems, ['Setting vigil.exclude: "src/{legacy,old" can never match anything (check its brackets and braces); it is ignored.']);
  });

  it('packs: a rule with a bad glob is left out with its location; other rules load', () => {
    const rule = (id: string, include: string[]): unknown => ({
      id,
      name: id,
      category: 'transport',
      severity: 'warning',
      message: 'm',
      tip: 't',
      include,
      detector: { kind: 'pattern', pattern: 'corp\\.internal', keywords: ['corp.internal'] },
    });
    const { pack, problems } = compilePack({ id: 'team', version: '1.0.0', rules: [rule('a.good', ['src/**']), rule('a.bad', ['/srv/app/**'])], allow: { paths: ['fixtures/{x'] } }, 'team.json');
    assert.deepEqual(
      pack.rules.map((r) => r.id),
      ['a.good'],
    );
    assert.deepEqual(
      problems.map((p) => `${p.path}: ${p.message}`),
      [
        'allow.paths: glob "fixtures/{x" can never match anything (check its brackets and braces)',
        'rules[1].include: glob "/srv/app/**" is an absolute path: globs match paths relative to the workspace folder (for example "dist/**")',
      ],
    );
  });

  it('CLI: a pack with a bad glob exits 2 naming the pack, line and glob, after scanning with the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-globs-'));
    try {
      mkdirSync(path.join(dir, '.vigil'));
      writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify({ id: 'team', version: '1.0.0', allow: { paths: ['/abs/**'] } }, null, 2));
      writeFileSync(path.join(dir, 'a.ts'), "export const md5 = require('crypto').createHash('md5');\n");
      const r = await vigil(['scan', '.', '--format', 'json'], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /rule pack .*pack\.json:\d+: allow\.paths: glob "\/abs\/\*\*" is an absolute path/);
      assert.equal((JSON.parse(r.out) as { findings: unknown[] }).findings.length, 1, 'the scan still ran');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
