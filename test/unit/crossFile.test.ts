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

  it('reads CommonJS config modules: module.exports objects and exports.x, required at the top, inside a function, destructured or default-imported', () => {
    write('config/env/all.js', "module.exports = {\n  port: 3000,\n  sess: 'Vx9Lq2Mz7Kb4Nw8Rt3Yp6Hs1Jd5Fg0Qa',\n};\n");
    write('config/hash.js', "exports.algorithm = 'md5';\nmodule.exports.rounds = 4;\n");
    const at = (rel: string, text: string) => {
      write(rel, text);
      return scanText({ path: rel, text, modules: workspaceModuleReader(dir) }, pack).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);
    };
    assert.deepEqual(
      at(
        'server.js',
        [
          "const session = require('express-session');",
          "const config = require('./config/env/all');",
          "const { sess } = require('./config/env/all');",
          'app.use(session({ secret: config.sess, cookie: { secure: true } }));',
          'app.use(session({ secret: sess, cookie: { secure: true } }));',
          'function boot() {',
          "  const cfg = require('./config/env/all.js');",
          '  app.use(session({ secret: cfg.sess, cookie: { secure: true } }));',
          '}',
        ].join('\n'),
      ),
      ['4:27 secret.session-secret', '5:27 secret.session-secret', '8:29 secret.session-secret'],
    );
    assert.deepEqual(at('src/h.ts', "import cfg from '../config/hash';\nimport crypto from 'crypto';\ncrypto.createHash(cfg.algorithm);"), ['3:19 crypto.weak-hash']);
    // A value that is not a whole literal there (built from the environment) is not hardcoded.
    write('config/env/prod.js', "module.exports = { sess: process.env.SESSION_SECRET || '' };\n");
    assert.deepEqual(at('prod.js', "const c = require('./config/env/prod');\napp.use(session({ secret: c.sess, cookie: { secure: true } }));"), []);
  });

  it('follows let/var written once and this.x set once in a class, not variables written twice', () => {
    const ids = (rel: string, text: string) => scanText({ path: rel, text }, pack).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
    assert.deepEqual(ids('a.js', "let late;\nlate = 'Lk8Jh7Gf6Ds5Aq4Wz3Xc2Vb1Nm0Po9Iu';\napp.use(session({ secret: late, cookie: { secure: true } }));"), ['2 secret.session-secret']);
    assert.deepEqual(
      ids('b.js', "class Srv {\n  constructor() { this.key = 'Qm7Zx2Lp9Vb4Nc8Kd3Wf6Rg1Ty5Hs0J'; }\n  start() { app.use(session({ secret: this.key, cookie: { secure: true } })); }\n}"),
      ['2 secret.session-secret'],
    );
    assert.deepEqual(ids('c.js', "let k = 'Lk8Jh7Gf6Ds5Aq4Wz3Xc2Vb1Nm0Po9Iu';\nif (process.env.K) k = process.env.K;\napp.use(session({ secret: k, cookie: { secure: true } }));"), []);
    assert.deepEqual(
      ids('d.js', "class S {\n  constructor(o) { this.key = 'Qm7Zx2Lp9Vb4Nc8Kd3Wf6Rg1Ty5Hs0J'; if (o) this.key = o.key; }\n  go() { session({ secret: this.key, cookie: { secure: true } }); }\n}"),
      [],
    );
    assert.deepEqual(ids('e.js', "var alg = 'sha256';\nalg += '';\ncrypto.createHash(alg);"), []);
  });

  it('without a module reader, constants stay within the file (no finding, no crash)', () => {
    const text = "import { ALGO } from './config';\ncrypto.createHash(ALGO);";
    assert.deepEqual(scanText({ path: 'src/f.ts', text }, pack).findings, []);
  });

  it('the CLI scan loop passes the reader: findings through imports in a whole-folder scan', async () => {
    write('src/g.ts', "import { ALGO } from './index';\nimport crypto from 'crypto';\nexport const h = crypto.createHash(ALGO);");
    const result = await scanFiles(['src'], dir, pack);
    const g = result.files.find((f) => f.file === 'src/g.ts');
    assert.deepEqual(
      g?.findings.map((f) => f.ruleId),
      ['crypto.weak-hash'],
    );
  });

  it('a folder or a file scanned from outside the folder the scan starts in (vigil scan ../api) finds the same through imports', async () => {
    write('src/g.ts', "import { ALGO } from './index';\nimport crypto from 'crypto';\nexport const h = crypto.createHash(ALGO);");
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'vigil-xfile-cwd-'));
    try {
      const folder = await scanFiles([path.join(dir, 'src')], elsewhere, pack);
      const file = await scanFiles([path.join(dir, 'src/g.ts')], elsewhere, pack);
      for (const scan of [folder, file]) {
        const g = scan.files.find((f) => f.absolute === path.join(dir, 'src/g.ts'));
        assert.deepEqual(
          g?.findings.map((f) => f.ruleId),
          ['crypto.weak-hash'],
        );
      }
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('keeps a bounded number of module texts per scan: a module dropped from the cache is read again, as it is now on disk', () => {
    write('lim/a.ts', "export const A = 'md5';\n");
    write('lim/b.ts', "export const B = 'sha1';\n");
    write('lim/c.ts', "export const C = 'md4';\n");
    const reader = workspaceModuleReader(dir, undefined, { limits: { bytes: 1024, modules: 2 } });
    const from = path.join('lim', 'main.ts');
    assert.match(reader.read(from, './a')?.text ?? '', /md5/);
    write('lim/a.ts', "export const A = 'sha256';\n");
    // Still cached: the text of the first read.
    assert.match(reader.read(from, './a')?.text ?? '', /md5/);
    reader.read(from, './b');
    reader.read(from, './c');
    // Two modules at most: 'a' was dropped, so this read sees the file as it is now.
    assert.match(reader.read(from, './a')?.text ?? '', /sha256/);
    assert.match(reader.read(from, './c')?.text ?? '', /md4/);
  });
});
