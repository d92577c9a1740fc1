// Extension activation time in a real VS Code (the offline code-server host, as the
// extension-host tests use it): N fresh windows on an empty folder, median printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[2] ?? 3);
const times = [];
/** Runs where Vigil had activated on startup before the test: timed by the extension itself. */
let startup = 0;
for (let i = 0; i < runs; i++) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'vigil-activation-'));
  const result = path.join(workspace, '..', `${path.basename(workspace)}.json`);
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'test/host/launcher.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'test/bench/activation/index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { VIGIL_BENCH_ACTIVATION: result },
    });
    const r = JSON.parse(readFileSync(result, 'utf8'));
    if (typeof r.ms !== 'number') throw new Error('no activation time was reported');
    if (r.wasActive) startup++;
    times.push(r.ms);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(result, { force: true });
  }
}
times.sort((a, b) => a - b);
console.log(
  `extension activation (load + activate() in VS Code ${'1.100.3'} via code-server, empty folder${startup > 0 ? `; ${startup} of ${runs} activated on startup, timed by the extension from its module body to the end of activate()` : ''}), median of ${runs}: ${times[Math.floor(runs / 2)].toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`,
);
