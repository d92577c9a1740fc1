// The first workspace scan as a user sees it in VS Code (code-server 1.100.3 + Debian's chromium,
// the offline host of test/host/), on a real checkout: from the window's navigation start to the
// extension's status-bar item (activation), the first Vigil finding in the Problems view and the
// end of the startup scan, with the counts at fixed times in between. Prints figures; asserts
// nothing. Each run is a fresh profile: no cached results, a cold scan.
//   npm run package && node test/bench/firstScan.mjs [workspace, default /work/field/wiki] [runs, default 1] [screenshots dir]
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, launchBrowser, makeProfile, startCodeServer, workbenchUrl } from '../host/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = path.resolve(process.argv[2] ?? '/work/field/wiki');
const runs = Number(process.argv[3] ?? 1);
const shots = path.resolve(process.argv[4] ?? path.join(root, 'test/artifacts/first-scan'));
const SAMPLE_AT_S = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60, 90, 120];

// Runs in the page before the workbench's own scripts: every 100 ms, what the window shows.
// performance.now() counts from the navigation's start.
const poller = () => {
  const tl = (window.__vigilTimeline = { samples: [], events: {}, scanStarts: 0 });
  let wasScanning = false;
  let lastDone = -1;
  const mark = (name, t) => {
    if (tl.events[name] === undefined) tl.events[name] = t;
  };
  setInterval(() => {
    const t = Math.round(performance.now());
    if (document.querySelector('.monaco-workbench .part.statusbar')) mark('workbench', t);
    const item = [...document.querySelectorAll('.statusbar-item')].find((e) => /^Vigil is /.test(e.getAttribute('aria-label') ?? ''));
    const problemsItem = document.getElementById('status.problems');
    const problems = (problemsItem?.getAttribute('aria-label') ?? '').match(/\d+/g)?.reduce((a, b) => a + Number(b), 0) ?? 0;
    const rows = document.querySelectorAll('.markers-panel .monaco-list-row').length;
    if (!item) {
      tl.samples.push({ t, problems, rows });
      return;
    }
    mark('vigilItem', t);
    const label = item.getAttribute('aria-label');
    const scanning = /^Vigil is scanning/.test(label);
    const progress = label.match(/scanning the workspace: (\d+) of (\d+)/);
    const done = progress ? Number(progress[1]) : undefined;
    const total = progress ? Number(progress[2]) : undefined;
    const findings = Number(label.match(/(\d+) findings?:/)?.[1] ?? 0);
    // A scan starts when the item goes to "scanning", or its file count goes back (a restart).
    if (scanning && (!wasScanning || (done ?? 0) < lastDone)) {
      tl.scanStarts++;
      mark('scanStart', t);
    }
    wasScanning = scanning;
    lastDone = done ?? 0;
    if (findings > 0) mark('firstFinding', t);
    if (rows > 0) mark('firstProblemsRow', t);
    if (/Last workspace scan:/.test(label)) mark('scanEnd', t);
    tl.samples.push({ t, scanning, done, total, findings, problems, rows, label: label.split('\n')[0] });
  }, 100);
};

async function runOnce(run) {
  const profile = makeProfile({ 'workbench.colorTheme': 'Default Dark Modern' });
  let server;
  let browser;
  try {
    await installExtension(profile, path.join(root, 'vigil.vsix'));
    server = await startCodeServer(profile);
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.addInitScript(poller);
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The Problems view open from the start, as a user watching the findings arrive.
    await page.locator('.part.statusbar').waitFor();
    await page.keyboard.press('Control+Shift+m');
    const timeline = () => page.evaluate(() => window.__vigilTimeline);
    let midShot;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const tl = await timeline();
      const last = tl.samples.at(-1);
      if (!midShot && last?.scanning && last.findings > 0 && last.rows > 0) {
        midShot = path.join(shots, `run${run}-mid-scan.png`);
        await page.screenshot({ path: midShot });
        midShot = { path: midShot, at: last.t, done: last.done, total: last.total, findings: last.findings };
      }
      if (tl.events.scanEnd !== undefined) break;
      if (Date.now() > deadline) throw new Error('the scan did not end in 10 minutes');
      await page.waitForTimeout(150);
    }
    // Later scans (a second start) would follow within moments: watch a little longer.
    await page.waitForTimeout(5_000);
    const tl = await timeline();
    const endShot = path.join(shots, `run${run}-end.png`);
    await page.screenshot({ path: endShot });
    // The output channel: one "workspace scan:" line per scan that ran.
    await page.locator('.part.statusbar').click({ position: { x: 600, y: 10 } });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Output: Show Output Channels...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Output Channels' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Vigil$/ })
      .first()
      .click();
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.filter({ hasText: /workspace\sscan:/ }).waitFor({ timeout: 30_000 });
    // Monaco renders spaces as no-break spaces and wraps long lines: a log line starts with its date.
    const scanLines = (await output.innerText())
      .replace(/\u00a0/g, ' ')
      .split('\n')
      .reduce((lines, l) => (/^\d{4}-\d\d-\d\d /.test(l) || lines.length === 0 ? [...lines, l] : [...lines.slice(0, -1), `${lines.at(-1)} ${l}`]), [])
      .filter((l) => /workspace scan:/.test(l));
    const outputShot = path.join(shots, `run${run}-output.png`);
    await page.screenshot({ path: outputShot });
    return { tl, midShot, endShot, outputShot, scanLines };
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(profile.root, { recursive: true, force: true });
  }
}

const s = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
mkdirSync(shots, { recursive: true });
console.log(`first workspace scan in VS Code 1.100.3 (code-server + chromium, 1400×900), workspace ${workspace}, fresh profile each run`);
for (let run = 1; run <= runs; run++) {
  const { tl, midShot, endShot, outputShot, scanLines } = await runOnce(run);
  const e = tl.events;
  const since = (name) => (e[name] === undefined || e.vigilItem === undefined ? undefined : e[name] - e.vigilItem);
  console.log(`\nrun ${run} (times from navigation start; in brackets from the Vigil status item's appearing, ≈ activation)`);
  console.log(`  workbench ${s(e.workbench)}, Vigil item ${s(e.vigilItem)}, scan start ${s(e.scanStart)} [${s(since('scanStart'))}]`);
  console.log(`  first Vigil finding ${s(e.firstFinding)} [${s(since('firstFinding'))}], first Problems row ${s(e.firstProblemsRow)} [${s(since('firstProblemsRow'))}]`);
  console.log(`  scan end ${s(e.scanEnd)} [${s(since('scanEnd'))}]; scan starts seen in the status bar: ${tl.scanStarts}; "workspace scan:" lines in the output: ${scanLines.length}`);
  for (const line of scanLines) console.log(`    ${line.trim()}`);
  const base = e.vigilItem ?? 0;
  for (const at of SAMPLE_AT_S) {
    const sample = tl.samples.filter((x) => x.t <= base + at * 1000).at(-1);
    if (!sample || sample.t < base + at * 1000 - 500) continue;
    console.log(
      `  +${String(at).padStart(3)} s: ${sample.scanning ? `scanning ${sample.done ?? 0}/${sample.total ?? '?'}` : sample.label ? 'idle' : 'no Vigil item'}, Vigil findings ${sample.findings ?? 0}, Problems ${sample.problems}`,
    );
    if (e.scanEnd !== undefined && sample.t > e.scanEnd) break;
  }
  // Each change of Vigil's finding count: findings arriving during the scan, not all at its end.
  let count = 0;
  const arrivals = [];
  for (const x of tl.samples) {
    if (x.findings !== undefined && x.findings !== count) {
      count = x.findings;
      arrivals.push(`${s(x.t - base)} ${count}${x.scanning ? ` (${x.done ?? 0}/${x.total ?? '?'})` : ' (idle)'}`);
    }
  }
  console.log(`  Vigil findings as they arrived [from activation]: ${arrivals.join(', ')}`);
  if (midShot) console.log(`  mid-scan screenshot at ${s(midShot.at)} (${midShot.done}/${midShot.total} files, ${midShot.findings} findings): ${midShot.path}`);
  console.log(`  end screenshot: ${endShot}; output: ${outputShot}`);
}
