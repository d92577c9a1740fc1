// Starts code-server (VS Code 1.100.3, server + web workbench) on loopback with everything that
// could reach the internet pointed at a dead port, and opens the workbench in Debian's chromium
// through playwright-core. Shared by the extension-host launcher and the browser end-to-end test.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CODE_SERVER = path.join(here, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';

const DEAD = 'http://127.0.0.1:9';
const GALLERY = JSON.stringify({
  serviceUrl: `${DEAD}/gallery`,
  itemUrl: `${DEAD}/items`,
  resourceUrlTemplate: `${DEAD}/{publisher}/{name}/{version}/{path}`,
  controlUrl: '',
  recommendationsUrl: '',
});

export function assertHostInstalled() {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run "npm run setup:host" (bash test/host/setup.sh)`);
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install chromium`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh profile: temp config, XDG folders, user data (with settings) and extensions folder. */
export function makeProfile(settings = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'vigil-host-'));
  const dirs = {
    root,
    config: path.join(root, 'config.yaml'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of [dirs.xdgConfig, dirs.xdgData, path.join(dirs.userData, 'User'), dirs.extensions]) mkdirSync(d, { recursive: true });
  writeFileSync(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'git.enabled': false,
      ...settings,
    }, null, 2),
  );
  return dirs;
}

function hostEnv(profile, extra = {}) {
  return { ...process.env, XDG_CONFIG_HOME: profile.xdgConfig, XDG_DATA_HOME: profile.xdgData, EXTENSIONS_GALLERY: GALLERY, ...extra };
}

/** `code-server --install-extension FILE` into the profile's extensions folder. */
export async function installExtension(profile, vsix) {
  await run(CODE_SERVER, ['--config', profile.config, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix], hostEnv(profile));
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}: ${out}`))));
  });
}

/** Starts code-server and waits for /healthz. Returns { url, stop() }. */
export async function startCodeServer(profile, env = {}) {
  assertHostInstalled();
  const port = await freePort();
  const child = spawn(
    CODE_SERVER,
    [
      '--config', profile.config,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', profile.userData,
      '--extensions-dir', profile.extensions,
    ],
    { env: hostEnv(profile, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const log = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}): ${log.join('')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not become healthy in 60 s: ${log.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    log,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 300));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'vigil-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The workbench URL for a folder, optionally with extension-development payload (vscode-remote URIs). */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const entries = payload.map(([k, v]) => [k, remote(v)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}
