import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';
import { workspaceModuleReader } from '../../server/src/resolve/moduleReader';
import { scanFiles } from '../../server/src/workspace/scanFiles';

const { pack } = builtinPack();

describe('cross-file constants (resolution through imports)', () => {
  let dir: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-xfile-'));
    write('src/config.ts', "export const ALGO = 'md5';\nexport const API = 'http://api.acme-corp.io';\nexport const ITERATIONS = 1000;\nconst local = 'sha1';\nexport { local as LEGACY };\n");
    write('src/index.ts', "export { ALGO } from './config';\nexport * from './config';\n");
    write('src/defaults.js', "module.exports = {};\nexport default 'des-ede3-cbc';\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scan = (rel: string, text: string): string[] => {
    write(rel, text);
    return scanText({ path: rel, text, modules: workspaceModuleReader(dir) }, pack).findings.map((f) => f.ruleId);
  };

  it('resolves a named import, a re-export chain and an aliased export', () => {
    assert.deepEqual(scan('src/a.ts', "import { ALGO } from './index';\nimport crypto from 'crypto';\ncrypto.createHash(ALGO);"), ['crypto.weak-hash']);
    assert.deepEqual(scan('src/b.ts', "import { LEGACY } from './config.js';\nimport { createHash } from 'node:crypto';\ncreateHash(LEGACY);"), ['crypto.weak-hash']);
  });

  it('resolves namespace imports, numbers and URL constants reaching a sink', () => {
    const ids = scan('src/c.ts', "import * as cfg from './config';\nimport crypto from 'node:crypto';\nfetch(`${cfg.API}/users`);\ncrypto.pbkdf2Sync(p, s, cfg.ITERATIONS, 32, 'sha256');");
    assert.deepEqual(ids.sort(), ['crypto.pbkdf2-low-iterations', 'transport.insecure-url']);
  });

  it('follows default exports and stays inside the workspace', () => {
    assert.deepEqual(scan('src/d.ts', "import algo from './defaults';\nimport crypto from 'crypto';\ncrypto.createCipheriv(algo, key, iv);"), ['crypto.weak-cipher']);
    assert.deepEqual(scan('src/e.ts', "import { ALGO } from 'some-package';\ncrypto.createHash(ALGO);"), []);
  });

  it('without a module reader, constants stay within the file (no finding, no crash)', () => {
    const text = "import { ALGO } from './config';\ncrypto.createHash(ALGO);";
    assert.deepEqual(scanText({ path: 'src/f.ts', text }, pack).findings, []);
  });

  it('the CLI scan loop passes the reader: findings through imports in a whole-folder scan', async () => {
    write('src/g.ts', "import { ALGO } from './index';\nimport crypto from 'crypto';\nexport const h = crypto.createHash(ALGO);");
    const result = await scanFiles(['src'], dir, pack);
    const g = result.files.find((f) => f.file === 'src/g.ts');
    assert.deepEqual(g?.findings.map((f) => f.ruleId), ['crypto.weak-hash']);
  });
});
