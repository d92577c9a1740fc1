import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discover, isExcluded } from '../../server/src/workspace/discover';

describe('workspace discovery', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-discover-'));
    const write = (rel: string, text = 'x'): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('.gitignore', '.env\nbuild-cache/\n');
    write('.env', 'A=1');
    write('.env.example', 'A=');
    write('src/app.ts');
    write('src/legacy/.gitignore', '*.gen.ts\n');
    write('src/legacy/a.gen.ts');
    write('src/legacy/b.ts');
    write('build-cache/x.ts');
    write('node_modules/pkg/index.js');
    write('dist/bundle.js');
    write('docs/readme.md');
    for (const f of ['.npmrc', '.pypirc', 'infra/prod.tfvars', 'deploy/key.pem', 'deploy/id_ed25519', 'deploy/putty.ppk', 'Dockerfile', 'k8s/secret.yaml', 'docker-compose.yml', 'scripts/run.sh', 'config/app.properties', 'config/app.ini']) write(`kinds/${f}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('honours nested .gitignore files, default excludes and include globs', async () => {
    const found = await discover(dir, dir);
    assert.deepEqual(found.files.map((f) => f.relative).filter((f) => !f.startsWith('kinds/')).sort(), ['.env.example', 'src/app.ts', 'src/legacy/b.ts']);
  });

  it('finds every config and key file kind secrets hide in', async () => {
    const found = await discover(path.join(dir, 'kinds'), path.join(dir, 'kinds'));
    assert.deepEqual(found.files.map((f) => f.relative).sort(), [
      '.npmrc', '.pypirc', 'Dockerfile', 'config/app.ini', 'config/app.properties', 'deploy/id_ed25519', 'deploy/key.pem', 'deploy/putty.ppk',
      'docker-compose.yml', 'infra/prod.tfvars', 'k8s/secret.yaml', 'scripts/run.sh',
    ]);
  });

  it('applies user include and exclude globs', async () => {
    const found = await discover(dir, dir, { include: ['**/*.ts'], exclude: ['src/legacy/**'] });
    assert.deepEqual(found.files.map((f) => f.relative).sort(), ['src/app.ts']);
  });

  it('tells whether an open file is left out of scans (git-ignored .env, nested ignores, excludes)', async () => {
    assert.equal(await isExcluded(dir, path.join(dir, '.env')), true);
    assert.equal(await isExcluded(dir, path.join(dir, '.env.example')), false);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/legacy/a.gen.ts')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'build-cache/x.ts')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'node_modules/pkg/index.js')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/app.ts')), false);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/app.ts'), { exclude: ['src/**'] }), true);
  });
});
