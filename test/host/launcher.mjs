#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests() launches: it takes
// VS Code's own CLI flags (--extensionDevelopmentPath=, --extensionTestsPath=, a workspace path),
// runs the tests inside code-server's real extension host, driven by Debian's chromium, and exits
// with the tests' exit code. No VS Code or browser is downloaded.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, makeProfile, startCodeServer, workbenchUrl } from './codeServer.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const devPath = flag('extensionDevelopmentPath');
const testsPath = flag('extensionTestsPath');
const workspace = args.filter((a) => !a.startsWith('-')).pop();
if (!devPath || !testsPath || !workspace) {
  console.error('launcher: needs --extensionDevelopmentPath=, --extensionTestsPath= and a workspace folder');
  process.exit(2);
}
const testsModule = testsPath.endsWith('.js') ? testsPath : path.join(testsPath, 'index.js');
const timeoutMs = Number(process.env.VIGIL_EXTHOST_TIMEOUT_MS ?? 180_000);

const profile = makeProfile();
const server = await startCodeServer(profile);
const browser = await launchBrowser();
let exitCode = 1;
try {
  const page = await browser.context.newPage();
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? formatArgs(args) : String(args);
    (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
  });
  const url = workbenchUrl(server, workspace, [
    ['extensionDevelopmentPath', path.resolve(devPath)],
    ['extensionTestsPath', path.resolve(testsModule)],
  ]);
  await page.goto(url);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const result = await Promise.race([done, timeout]);
  if (result === 'timeout') {
    console.error(`launcher: the extension tests did not finish within ${timeoutMs / 1000} s`);
    await page.screenshot({ path: path.join(profile.root, 'timeout.png') }).catch(() => undefined);
    console.error(server.log.join('').slice(-4000));
  } else {
    exitCode = result;
  }
} finally {
  await browser.close();
  await server.stop();
}
const resultsFile = process.env.VIGIL_TEST_RESULTS;
if (resultsFile && existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`${r.passed} passed, ${r.failed} failed`);
}
process.exit(exitCode);

/** printf-style console arguments, as the extension host forwards them. */
function formatArgs(args) {
  if (typeof args[0] !== 'string') return args.map(String).join(' ');
  let i = 1;
  const text = args[0].replace(/%[sdifoOc%]/g, (m) => {
    if (m === '%%') return '%';
    if (i >= args.length) return m;
    const v = args[i++];
    return m === '%c' ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  });
  return [text, ...args.slice(i).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))].join(' ');
}
