import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import micromatch from 'micromatch';
import { globMatcher, globProblem } from '../../server/src/engine/globs';
import { validateSettings } from '../../server/src/lsp/settings';
import { compilePack } from '../../server/src/packs/load';
import { DEFAULT_EXCLUDE } from '../../server/src/workspace/discover';
import { vigil } from './support/runCli';

describe('bad globs: one clear message each, and the rest keeps working', () => {
  it('names what is wrong with a glob', () => {
    assert.equal(globProblem('dist/**'), undefined);
    assert.equal(globProblem('*.test.ts'), undefined);
    assert.match(globProblem('')!, /empty/);
    assert.match(globProblem('/home/me/app/dist')!, /absolute path.*relative to the workspace folder/);
    assert.match(globProblem('src/{a,b')!, /can never match/);
    assert.match(globProblem('**/[z-a].ts')!, /can never match/);
    // Asked again (answers are remembered per glob): the same answers.
    for (let i = 0; i < 2; i++) {
      assert.match(globProblem('src/{a,b')!, /can never match/);
      assert.equal(globProblem('dist/**'), undefined);
      assert.match(globProblem('/home/me/app/dist')!, /absolute path/);
    }
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

describe('glob lists: the same answers as micromatch, fast or not', () => {
  it('matches exactly the paths micromatch matches, for globs with and without plain words', () => {
    const globs = [
      '**/node_modules/**',
      '**/.git/**',
      'dist/**',
      '**/*.test.*',
      '**/__tests__/**',
      'src/{legacy,old}/**',
      '**/*.min.js',
      'app/[id].ts',
      '**/fixtures?/**',
      'out/**',
      '**/*.+(spec|test).ts',
      'docs/**/*.md',
      '**/.vigil/**',
      'a\\*b/**',
      '**/{test,tests,__tests__}/**',
      '**/*.{po,xliff}',
      '**/{x,fixtures}/**',
      '**/[a-z][a-z].{json,yml}',
      '**/*{-,_}{test,e2e}/**',
    ];
    const paths = [
      'node_modules/x/index.js',
      'packages/a/node_modules/b/c.js',
      'src/node_modules_helper.ts',
      'src/app.ts',
      '.git/config',
      'a/.git',
      'a/.gitignore',
      'dist/app.js',
      'src/dist/app.js',
      'src/app.test.ts',
      'src/app.spec.ts',
      'src/app.testing.ts',
      'src/__tests__/a.ts',
      'src/legacy/a.ts',
      'src/old/b.ts',
      'src/older/b.ts',
      'lib/x.min.js',
      'app/[id].ts',
      'app/i.ts',
      'test/fixtures/a.json',
      'test/fixture/a.json',
      'layout/out.ts',
      'out/a.js',
      'docs/a/b.md',
      'docs/readme.txt',
      '.vigil/pack.json',
      'a*b/c.ts',
      'ab/c.ts',
      'src/testing/a.ts',
      'tests/a.ts',
      'a/x/b.ts',
      'a/xy/b.ts',
      'en.json',
      'i18n/fr.yml',
      'eng.json',
      'a.pot',
      'a.po',
      'b.xliff',
      'web-e2e/a.ts',
      'web_test/a.ts',
      'webtest/a.ts',
    ];
    for (const glob of globs) {
      for (const p of paths) {
        assert.equal(globMatcher([glob])(p), micromatch.isMatch(p, glob, { dot: true }) || p === glob, `${glob} on ${p}`);
      }
    }
    const all = globMatcher(globs);
    for (const p of paths)
      assert.equal(
        all(p),
        globs.some((g) => micromatch.isMatch(p, g, { dot: true }) || p === g),
        `the list on ${p}`,
      );
    // Paths are read with `/`, a line break as a space, and below the `..` steps of a folder outside.
    assert.equal(globMatcher(['**/__tests__/**'])('..\\api\\__tests__\\a.ts'), true);
    assert.equal(globMatcher(['**/*.test.*'])('../../api/a.test.ts'), true);
    assert.equal(globMatcher(['src/*.ts'])('src/a\nb.ts'), true);
    // A glob with no plain word (`**`) matches everything: the list still does.
    assert.equal(globMatcher(['**/node_modules/**', '*'])('anything.ts'), true);
    assert.equal(globMatcher(['!**/*.ts'])('a.js'), micromatch.isMatch('a.js', '!**/*.ts', { dot: true }));
  });

  it("discovery's excludes: paths holding their words without matching them are kept, as micromatch keeps them", () => {
    // The words (`build`, `out`, `dist`, `.map`, `.lock`…) sit inside many names that no glob matches.
    const paths = [
      'query-builder/SelectQueryBuilder.js',
      'src/build/index.ts',
      'schema-builder/x/out.ts',
      'layout/timeout.ts',
      'out',
      'a/out/b.ts',
      'distinct/dist.ts',
      'dist',
      'lib/a.js.map',
      'lib/a.map.ts',
      'maps/a.ts',
      'a.lock',
      'locks/a.lockfile',
      'yarn.lock',
      'packages/x/yarn.lock.bak',
      'package-lock.json',
      'package-lock.jsonc',
      'x/.next/static/a.js',
      'next/a.js',
      '.yarn/cache/a.zip',
      '.yarn/plugins/a.cjs',
      'a/__pycache__/b.pyc',
      'coverage/lcov.info',
      'node_modules/a/build/out/dist/x.min.js.map',
      '.venv/lib/a.py',
      '.DS_Store',
      'a/.DS_Store/b',
      'go.sum',
      'go.summary',
    ];
    const matcher = globMatcher(DEFAULT_EXCLUDE);
    // Discovery tests a folder as `folder/x`.
    for (const p of paths) for (const candidate of [p, `${p}/x`]) assert.equal(matcher(candidate), micromatch.isMatch(candidate, DEFAULT_EXCLUDE, { dot: true }), candidate);
    assert.equal(globMatcher(DEFAULT_EXCLUDE)('query-builder/SelectQueryBuilder.js'), false);
    assert.equal(globMatcher(DEFAULT_EXCLUDE)('lib/a.js.map'), true);
  });
});
