// The Vigil CLI as an npm tarball that installs and runs offline: `node scripts/pack-cli.mjs`
// (after `npm run build` or `npm run package`) writes vigil-scan-<version>.tgz, a package named
// `vigil-scan` (the name `vigil` on the npm registry belongs to an unrelated project) whose `vigil`
// command is dist/cli.js (a loader for the CLI bundle dist/vigilCli.js), with the scan worker and the TypeScript compiler beside it and no
// dependencies. `--check` then installs it into a throwaway prefix with --offline and runs
// `vigil --version` and `vigil scan` on a file holding a made-up secret (expects exit 1).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const CLI_PACKAGE = 'vigil-scan';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const files = ['dist/cli.js', 'dist/vigilCli.js', 'dist/scanWorker.js', 'dist/typescript.js'];
for (const f of files) if (!existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
// Every build leaves the CLI executable (scripts/build.mjs): hooks and `npm link` run it directly.
if ((statSync(path.join(root, 'dist/cli.js')).mode & 0o111) === 0) throw new Error('dist/cli.js lost its execute bit: scripts/build.mjs must chmod it');

const stage = mkdtempSync(path.join(tmpdir(), 'vigil-cli-pack-'));
try {
  mkdirSync(path.join(stage, 'dist'));
  for (const f of files) copyFileSync(path.join(root, f), path.join(stage, f));
  chmodSync(path.join(stage, 'dist/cli.js'), 0o755);
  for (const f of ['README.md', 'LICENSE']) if (existsSync(path.join(root, f))) copyFileSync(path.join(root, f), path.join(stage, f));
  writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify(
      {
        name: CLI_PACKAGE,
        version: manifest.version,
        description: 'Vigil command line: hardcoded secrets, unencrypted transport and weak cryptography, for CI and git hooks (the engine of the Vigil VS Code extension).',
        license: manifest.license,
        bin: { vigil: 'dist/cli.js' },
        files,
        engines: { node: '>=20' },
      },
      null,
      2,
    ) + '\n',
  );
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', root], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  const tarball = path.join(root, out);
  console.log(`packed ${path.relative(root, tarball)} (${(statSync(tarball).size / 1024 / 1024).toFixed(2)} MB)`);
  if (process.argv.includes('--check')) check(tarball);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function check(tarball) {
  const prefix = mkdtempSync(path.join(tmpdir(), 'vigil-cli-install-'));
  const work = mkdtempSync(path.join(tmpdir(), 'vigil-cli-work-'));
  try {
    execFileSync('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { stdio: 'inherit' });
    const bin = path.join(prefix, 'bin', 'vigil');
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    if (version !== manifest.version) throw new Error(`installed vigil --version printed ${version}, expected ${manifest.version}`);
    // A made-up Stripe key in the provider's format, assembled so this file holds no secret-shaped string.
    writeFileSync(path.join(work, 'pay.ts'), `export const key = '${['sk', 'live', '51Hx9TqLm2Vb8Nc4Xz7Kd3Wf6Rg0Pa5YsQ'].join('_')}';\n`);
    const scan = spawnSync(bin, ['scan', '.', '--format', 'json'], { cwd: work, encoding: 'utf8' });
    const findings = scan.status === 1 ? JSON.parse(scan.stdout).findings.map((f) => f.ruleId) : [];
    if (scan.status !== 1 || findings.length === 0) throw new Error(`installed vigil scan: exit ${scan.status}, findings ${JSON.stringify(findings)}, stderr ${scan.stderr.slice(0, 300)}`);
    console.log(`installed offline into a throwaway prefix: vigil ${version}; vigil scan found ${findings.join(', ')} (exit 1)`);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
