// Runs the extension-host suites with @vscode/test-electron's runTests(), pointing
// vscodeExecutablePath at the offline code-server launcher (see ../shared TESTING notes in README).
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'out', 'exthost');
await build({
  entryPoints: [path.join(root, 'test/exthost/index.ts'), path.join(root, 'test/exthost/extension.test.ts')],
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

const workspace = mkdtempSync(path.join(tmpdir(), 'vigil-exthost-ws-'));
cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
const results = path.join(workspace, '..', `${path.basename(workspace)}-results.json`);
let code = 0;
try {
  await runTests({
    vscodeExecutablePath: path.join(root, 'test/host/launcher.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [workspace],
    extensionTestsEnv: { VIGIL_TEST_RESULTS: results },
  });
} catch (err) {
  console.error(`extension-host tests failed: ${err.message ?? err}`);
  code = 1;
}
const r = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1 };
console.log(`extension-host: ${r.passed} passing`);
if (r.failed) console.log(`extension-host: ${r.failed} failing`);
rmSync(workspace, { recursive: true, force: true });
rmSync(results, { force: true });
process.exit(code || (r.failed ? 1 : 0));
