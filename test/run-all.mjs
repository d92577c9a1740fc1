// The whole test run, as README's test command and CI call it. Each stage prints its own output;
// the run ends with one line "N passed, N failed" over all stages, and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const stages = [
  { name: 'typecheck', cmd: [npx, 'tsc', '-p', '.', '--noEmit'], count: 'single' },
  { name: 'lint (ESLint, typescript-eslint)', cmd: [npx, 'eslint', '.'], count: 'single' },
  { name: 'format (Prettier)', cmd: [npx, 'prettier', '--check', '.'], count: 'single' },
  { name: 'build', cmd: ['node', 'scripts/build.mjs'], count: 'single' },
  { name: 'unit (engine, rules, CLI)', cmd: [npx, 'mocha', '--config', 'test/.mocharc.unit.json'], count: 'mocha' },
  { name: 'grammar', cmd: ['npm', 'run', '-s', 'test:grammar'], count: 'grammar' },
  { name: 'protocol (LSP over stdio)', cmd: [npx, 'mocha', '--config', 'test/.mocharc.protocol.json'], count: 'mocha' },
  { name: 'package (.vsix)', cmd: ['npm', 'run', '-s', 'package'], count: 'single' },
  { name: 'CLI tarball (npm pack, offline install)', cmd: ['node', 'scripts/pack-cli.mjs', '--check'], count: 'single' },
  { name: 'extension host (code-server)', cmd: ['node', 'test/exthost/runTests.mjs'], count: 'exthost' },
  { name: 'browser end-to-end (chromium)', cmd: [npx, 'mocha', '--timeout', '300000', 'test/e2e/browser.test.mjs'], count: 'mocha' },
];

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const tee = (stream, target) =>
      stream.on('data', (d) => {
        output += d;
        target.write(d);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 1, output: String(err) }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

function counts(kind, code, output) {
  const num = (re) => Number(re.exec(output)?.[1] ?? 0);
  switch (kind) {
    case 'mocha':
    case 'exthost': {
      const passed = num(kind === 'mocha' ? /(\d+) passing/ : /extension-host: (\d+) passing/);
      const failed = num(kind === 'mocha' ? /(\d+) failing/ : /extension-host: (\d+) failing/);
      // A crash before mocha's summary still counts as a failure.
      return { passed, failed: failed || (code !== 0 ? 1 : 0) };
    }
    case 'grammar': {
      const passed = (output.match(/✓ .* run successful/g) ?? []).length;
      const failed = (output.match(/✖ .* failed/g) ?? []).length;
      return { passed, failed: failed || (code !== 0 && passed === 0 ? 1 : 0) };
    }
    default:
      return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  }
}

const summary = [];
let passed = 0;
let failed = 0;
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const { code, output } = await run(stage.cmd);
  const c = counts(stage.count, code, output);
  passed += c.passed;
  failed += c.failed;
  summary.push(`${stage.name.padEnd(34)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (stage.name.startsWith('package') && code === 0) summary.push(`  vigil.vsix: ${(statSync('vigil.vsix').size / 1024 / 1024).toFixed(2)} MB`);
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log('screenshots: test/artifacts/screenshots/');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
