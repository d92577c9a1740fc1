// Browser end-to-end check of the installed .vsix in a real VS Code (code-server 1.100.3) driven
// by Debian's chromium through playwright-core: squiggles, hover, Problems rows, quick-fix menu,
// tips panel, walkthrough and status bar. Screenshots go to test/artifacts/screenshots/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, launchBrowser, makeProfile, startCodeServer, workbenchUrl } from '../host/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VSIX = path.join(root, 'vigil.vsix');
const SHOTS = path.join(root, 'test', 'artifacts', 'screenshots');
const TOKEN = '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';

describe('Vigil .vsix in VS Code in a real browser', function () {
  this.timeout(240_000);
  let server;
  let browser;
  let page;
  let workspace;
  let profile;

  const shot = async (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const runCommand = async (title) => {
    // Give the workbench (not a webview) the keyboard: click a plain label, then F1. A view that
    // takes focus right after a command can close the palette: retry a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        await page.locator('.part.statusbar').click({ position: { x: 600, y: 10 } });
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5_000 });
        await page.keyboard.press('Enter');
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
    }
  };
  /** Quick Open (Ctrl+P) a file by name. */
  const openFile = async (name) => {
    await page.keyboard.press('Control+p');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  const goTo = async (line, column) => {
    const input = page.locator('.quick-input-widget input');
    // A panel that has just opened (the tips webview) can take the focus back and close the
    // quick input between its appearing and the typing: open it again, a few times at most.
    for (let attempt = 0; ; attempt++) {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+g');
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`:${line}:${column}`, { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` })
      .first()
      .waitFor();
    await input.waitFor({ state: 'hidden' });
  };

  /** Ctrl+. until the menu lists `title`: code actions are computed asynchronously after the cursor moves. */
  const openQuickFixMenu = async (title) => {
    const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await item.waitFor({ timeout: 3_000 });
        return item;
      } catch (err) {
        if (attempt === 4) throw err;
        await page.keyboard.press('Escape');
      }
    }
  };

  before(async function () {
    assert.ok(existsSync(VSIX), 'vigil.vsix exists (npm run package)');
    mkdirSync(SHOTS, { recursive: true });
    profile = makeProfile({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.hover.delay': 200 });
    await installExtension(profile, VSIX);
    workspace = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-ws-'));
    cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    // A team pack whose tip replaces the built-in one for MD5, with house rules.
    mkdirSync(path.join(workspace, '.vigil'));
    writeFileSync(
      path.join(workspace, '.vigil/pack.json'),
      JSON.stringify(
        {
          id: 'acme-house-rules',
          version: '1.0.0',
          publisher: 'ACME security team',
          extends: ['vigil:builtin'],
          tips: {
            'crypto.weak-hash': {
              title: 'MD5 at ACME',
              markdown: '### ACME: hash with our helper\n\nNo MD5 or SHA-1 here: use `@acme/hashing` (SHA-256) for ids and `@acme/passwords` (argon2) for passwords.',
            },
          },
          houseRules: ['No secret in code: use the vault.', 'HTTPS everywhere, TLS verification on.'],
        },
        null,
        2,
      ),
    );
    server = await startCodeServer(profile);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await openFile('app.ts');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    if (profile) rmSync(profile.root, { recursive: true, force: true });
  });

  it('draws squiggles for the secret (error) and the http URL and md5 (warnings)', async () => {
    assert.ok((await page.locator('.monaco-editor .squiggly-error').count()) >= 1);
    assert.ok((await page.locator('.monaco-editor .squiggly-warning').count()) >= 2);
    await shot('01-squiggles');
  });

  it('shows the scan state, findings by category and the pack in the status bar; its list has file:line', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'Vigil:' }).first();
    await item.waitFor();
    await page.waitForFunction(
      () => [...document.querySelectorAll('.statusbar-item')].some((e) => /Vigil is idle[\s\S]*\d+ findings?:[\s\S]*Rule pack: built-in/.test(e.getAttribute('aria-label') ?? '')),
      undefined,
      {
        timeout: 60_000,
      },
    );
    assert.match(await item.innerText(), /Vigil: .*secret/);
    await item.hover();
    await page.waitForTimeout(1500);
    await shot('02b-statusbar-tooltip');
    await item.click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Vigil findings' }).first().click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows
      .filter({ hasText: /app\.ts:\d+/ })
      .first()
      .waitFor({ timeout: 10_000 });
    const labels = await rows.allInnerTexts();
    assert.ok(
      labels.some((t) => /Errors \(\d+\)/.test(t)),
      labels.join(' | '),
    );
    await shot('02c-statusbar-findings-list');
    await page.keyboard.press('Escape');
  });

  it('ran the startup workspace scan once (the Vigil output says so)', async () => {
    await runCommand('Output: Show Output Channels...');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: /^Vigil$/ }).first();
    await pick.waitFor({ timeout: 10_000 });
    await pick.click();
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.filter({ hasText: /workspace\sscan:/ }).waitFor({ timeout: 30_000 });
    // Later scans would start within a moment of the first: give them the time to show.
    await page.waitForTimeout(2000);
    // Monaco renders spaces as no-break spaces.
    const text = (await output.innerText()).replace(/\u00a0/g, ' ');
    const scans = text.split('\n').filter((l) => /workspace scan:/.test(l));
    assert.equal(scans.length, 1, text);
    assert.ok(!/\(cancelled\)/.test(scans[0]), scans[0]);
    await shot('01b-output-one-scan');
    await page.keyboard.press('Control+Shift+m');
  });

  it('hovers with the masked message and its confidence once, and the "Open the Vigil tip" link', async () => {
    await goTo(3, 25);
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Open the Vigil tip' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const text = await hover.innerText();
    assert.match(text, /GitHub personal access token/);
    assert.match(text, /ghp_\*{8}/);
    // The diagnostic's message, shown once: Vigil's card below it does not repeat it.
    assert.equal(text.split('revoke it').length, 2, `message shown once: ${text}`);
    assert.equal(text.split(/confidence: \w+/).length, 2, `confidence said once (in the message): ${text}`);
    assert.ok(!text.includes(TOKEN), 'the hover must not show the token in clear');
    await shot('02-hover');
    // The link opens the tips panel on that rule's tip.
    await hover.locator('a', { hasText: 'Open the Vigil tip' }).click();
    const tips = page.frameLocator('iframe.webview.ready[src*="extensionId=vigil.vigil"]').frameLocator('iframe#active-frame');
    await tips.locator('h2', { hasText: 'GitHub personal access token' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  it('lists the findings in the Problems panel, masked', async () => {
    await page.keyboard.press('Control+Shift+m');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'md5' }).first().waitFor({ timeout: 30_000 });
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    const all = labels.join('\n');
    assert.match(all, /GitHub personal access token/);
    assert.match(all, /Unencrypted connection/);
    assert.match(all, /broken hash algorithm/);
    assert.ok(!all.includes(TOKEN));
    await shot('03-problems');
    // The rule code links to Vigil's own tip (the extension's URI handler), not to a web page.
    const md5Row = rows.filter({ hasText: 'md5' }).first();
    const code = md5Row.locator('a.monaco-link', { hasText: 'crypto.weak-hash' }).first();
    const target = (await code.getAttribute('href')) ?? (await code.getAttribute('title')) ?? (await code.evaluate((a) => a.closest('[title]')?.getAttribute('title') ?? ''));
    assert.ok(!/mitre\.org/.test(target), `links Vigil's tip, not the CWE page: ${target}`);
    await code.click();
    const tips = page.frameLocator('iframe.webview.ready[src*="extensionId=vigil.vigil"]').frameLocator('iframe#active-frame');
    await tips.locator('h2', { hasText: 'Broken hash algorithm' }).waitFor({ timeout: 30_000 });
    await shot('03b-problems-code-opens-tip');
  });

  it('offers the md5 → sha256 quick fix in the quick-fix menu', async () => {
    await goTo(13, 35);
    await openQuickFixMenu("Replace 'md5' with 'sha256'");
    assert.ok((await page.locator('.action-widget .monaco-list-row', { hasText: 'Suppress crypto.weak-hash' }).count()) >= 1);
    await shot('04-quick-fix');
    await page.keyboard.press('Escape');
  });

  it('shows the tip for the finding under the cursor in the tips panel', async () => {
    await runCommand('Vigil: Show Training Tips');
    const outer = page.frameLocator('iframe.webview.ready[src*="extensionId=vigil.vigil"]');
    const inner = outer.frameLocator('iframe#active-frame');
    await inner.locator('h1').first().waitFor({ timeout: 30_000 });
    // Put the cursor on the md5 finding; the panel follows it.
    await goTo(13, 35);
    await inner.locator('h2', { hasText: 'Broken hash algorithm' }).waitFor({ timeout: 20_000 });
    const text = await inner.locator('body').innerText();
    assert.match(text, /finding under the cursor/i);
    // The team pack's tip replaces the built-in one, and its house rules are listed.
    assert.match(text, /ACME: hash with our helper/);
    assert.match(text, /published by ACME security team/);
    assert.match(text, /HTTPS everywhere, TLS verification on\./);
    // The CWE link stays in the tip (the rule code in Problems opens this tip, not MITRE's page).
    assert.equal(await inner.locator('.refs a', { hasText: 'CWE-327' }).getAttribute('href'), 'https://cwe.mitre.org/data/definitions/327.html');
    await shot('05-tips-panel');
    // Mark it read: the progress moves and the tip shows as read.
    const before = await inner.locator('#progress-label').innerText();
    await inner.locator('button', { hasText: 'Mark as read' }).click();
    await inner.locator('.done', { hasText: 'Read' }).waitFor();
    const after = await inner.locator('#progress-label').innerText();
    assert.notEqual(after, before);
    // The search box is at the top, above the tip.
    const searchBox = await inner.locator('#search').boundingBox();
    const tipTitle = await inner.locator('h2', { hasText: 'Broken hash algorithm' }).boundingBox();
    assert.ok(searchBox && tipTitle && searchBox.y < tipTitle.y, 'search box above the tip');
    // Search the list.
    await inner.locator('#search').fill('leaked');
    await inner.locator('li:not([hidden]) button', { hasText: 'A secret leaked: what to do now' }).waitFor();
    const visible = await inner.locator('li:not([hidden])').count();
    const total = await inner.locator('li[data-text]').count();
    assert.ok(visible >= 1 && visible < total / 5, `search narrows the list (${visible} of ${total} shown)`);
    assert.equal(await inner.locator('li:not([hidden]) button', { hasText: 'Weak TLS cipher suites' }).count(), 0);
    await shot('05b-tips-search');
    // The tips' text is searched, not only titles: "md5" finds "Broken hash algorithm"; categories
    // with no match disappear with their heading, and the results sit right under the search box.
    await inner.locator('#search').fill('md5');
    await inner.locator('li:not([hidden]) button[data-show="crypto.weak-hash"]').waitFor();
    const headings = await inner.locator('section.group:not([hidden]) h3').allInnerTexts();
    assert.ok(!headings.includes('Secrets'), `no secret tip mentions md5, so its heading goes: ${headings.join(', ')}`);
    assert.ok(headings.includes('Cryptography'));
    assert.equal(await inner.locator('#tip').isVisible(), false, 'results take the place of the tip while searching');
    await shot('05c-tips-search-md5');
    await inner.locator('#search').fill('');
    await inner.locator('#tip').waitFor({ state: 'visible' });
  });

  it('gives Scan Workspace its own icon in the tips view title, and the magnifier searches', async () => {
    // A container with one view shows the view's actions in the side bar's title.
    const header = page.locator('.part.sidebar');
    const scan = header.locator('.action-label[aria-label="Scan Workspace"]').first();
    await scan.waitFor({ timeout: 10_000 });
    assert.match(await scan.getAttribute('class'), /codicon-run-all/);
    const magnifier = header.locator('.action-label[aria-label="Search Training Tips"]').first();
    assert.match(await magnifier.getAttribute('class'), /codicon-search/);
    await shot('05d-tips-title-actions');
    // From the editor: the magnifier brings the keyboard to the panel's search box. The cursor
    // off any finding first, and the panel redrawn for it (tip of the day): keys typed while it
    // redraws would be lost.
    const inner = page.frameLocator('iframe.webview.ready[src*="extensionId=vigil.vigil"]').frameLocator('iframe#active-frame');
    await goTo(16, 1);
    await inner.locator('h1', { hasText: 'Tip of the day' }).waitFor({ timeout: 10_000 });
    await magnifier.click();
    await inner.locator('#search:focus').waitFor({ timeout: 10_000 });
    await page.keyboard.type('argon2');
    await inner.locator('li:not([hidden]) button[data-show="crypto.weak-hash"]').waitFor();
    await shot('05e-tips-magnifier-search');
    await inner.locator('#search').fill('');
  });

  it('opens the onboarding walkthrough with its first steps', async () => {
    await runCommand('Vigil: Open Onboarding Walkthrough');
    const container = page.locator('.gettingStartedContainer');
    await container.filter({ hasText: 'Get started with Vigil' }).first().waitFor({ timeout: 30_000 });
    const text = await container.first().innerText();
    assert.match(text, /What Vigil checks and why/);
    assert.match(text, /Scan the workspace/);
    assert.match(text, /Open the practice workspace/);
    // The first step's markdown media renders offline in the walkthrough's own webview.
    // The bottom panel (Problems, from the tests before) hidden: the walkthrough gets the height.
    if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+j');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 5_000 });
    const media = page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('iframe#active-frame');
    await media.locator('h1', { hasText: 'What Vigil checks, and why' }).first().waitFor({ timeout: 30_000 });
    await shot('06-walkthrough');
    // Steps complete when their events fire: selecting step 1, the Scan button, the tips view, the house rules.
    const step = (id) => page.locator(`.getting-started-step[data-step-id$="#${id}"]`).first();
    for (const [id, button] of [
      ['vigil.onboarding.scan', 'Scan Workspace'],
      ['vigil.onboarding.tips', 'Show Training Tips'],
      ['vigil.onboarding.team', 'Show the house rules'],
    ]) {
      await step(id).click();
      await page.locator('.getting-started-step.expanded').getByRole('button', { name: button }).first().click();
      await runCommand('Vigil: Open Onboarding Walkthrough');
    }
    for (const id of ['vigil.onboarding.what', 'vigil.onboarding.scan', 'vigil.onboarding.tips', 'vigil.onboarding.team']) {
      await page.locator(`.getting-started-step[aria-checked="true"][data-step-id$="#${id}"]`).first().waitFor({ timeout: 15_000 });
    }
    assert.equal(await page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#vigil.onboarding.fix"]').count(), 0, 'not done yet');
    await shot('06b-walkthrough-progress');
    // Each step as a user sees it at 1400×900 (the browser's viewport), with the Explorer open:
    // its text, its button, VS Code's "Mark Done" footer under the step list and the step's
    // media, all without scrolling. The pre-commit step is not done by opening it (only a hook
    // really installed completes it).
    const viewport = page.viewportSize();
    const details = page.locator('.gettingStartedSlideDetails').first();
    const headings = {
      what: 'What Vigil checks, and why',
      practice: 'The practice workspace',
      scan: 'Scan the whole workspace',
      fix: 'Fix it, or suppress it with a reason',
      tips: 'Learn from the finding under your cursor',
      team: "Your team's rules",
      ci: 'Before every commit, and in CI',
    };
    for (const [id, heading] of Object.entries(headings)) {
      await step(`vigil.onboarding.${id}`).click();
      await media.locator('h1', { hasText: heading }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(700);
      await shot(`06c-walkthrough-${id}`);
      // The step list scrolls inside its own box (overflow hidden): what lies outside that box, or
      // outside the window, is below the fold.
      const list = await details.locator('.steps-container').first().boundingBox();
      const area = await details.boundingBox();
      const visible = async (locator, what) => {
        const box = await locator.boundingBox();
        assert.ok(box && box.height > 0, `${id}: ${what} is rendered`);
        const bottom = Math.min(list.y + list.height, area.y + area.height, viewport.height);
        assert.ok(
          box.y >= list.y && box.y + box.height <= bottom,
          `${id}: ${what} (y ${Math.round(box.y)}–${Math.round(box.y + box.height)}) is visible without scrolling (fold at ${Math.round(bottom)})`,
        );
      };
      const expanded = details.locator('.getting-started-step.expanded').first();
      await visible(expanded, 'the step (title and text)');
      for (const button of await expanded.getByRole('button').all()) await visible(button, `button "${await button.innerText()}"`);
      await visible(details.locator('.done-next-container .all-done').first(), '"Mark Done"');
      // The media (Markdown in a webview) fits its frame: no scrollbar.
      const [scrollHeight, innerHeight] = await media.locator('body').evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      assert.ok(scrollHeight <= innerHeight + 1, `${id}: the media fits without scrolling (${scrollHeight} > ${innerHeight})`);
    }
    assert.equal(await page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#vigil.onboarding.ci"]').count(), 0, 'the hook is not installed');
  });

  it('renders the HTML report for team leads, self-contained', async () => {
    const report = path.join(workspace, 'vigil-report.html');
    execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'scan', '.', '--report', report, '--fail-on', 'never', '--show-suppressed'], { cwd: workspace });
    const page2 = await browser.context.newPage();
    const external = [];
    page2.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page2.goto(`file://${report}`);
    await page2.locator('h1', { hasText: 'Vigil security report' }).waitFor();
    const text = await page2.locator('body').innerText();
    assert.match(text, /By category/);
    assert.match(text, /Top findings/);
    assert.ok(!text.includes(TOKEN));
    assert.deepEqual(external, [], 'no remote assets');
    await page2.screenshot({ path: path.join(SHOTS, '09-html-report.png'), fullPage: true });
    await page2.close();
  });

  it('suppresses a finding with the reason typed into the prompt', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'app.ts' }).click();
    await goTo(6, 35);
    const suppress = await openQuickFixMenu('Suppress transport.insecure-url');
    // Move the menu's focus to the suppress entry with the keyboard, as a user would.
    for (let i = 0; i < 10 && !((await suppress.getAttribute('class')) ?? '').includes('focused'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('partner sandbox has no TLS; tracked in SEC-12');
    await shot('07-suppress-reason');
    await page.keyboard.press('Enter');
    await page.locator('.view-line', { hasText: 'vigil-ignore-next-line transport.insecure-url -- partner sandbox has no TLS; tracked in SEC-12' }).waitFor({ timeout: 15_000 });
    // The http finding is gone from Problems and from the status-bar count; the others stay.
    await page.keyboard.press('Control+Shift+m');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'md5' }).first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(
      () => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').includes('Unencrypted connection')),
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => (e.getAttribute('aria-label') ?? '').includes('(1 error, 2 warnings, 0 info)')), undefined, {
      timeout: 15_000,
    });
    await shot('08-suppressed');
  });

  it('walkthrough: the practice workspace opens, a quick fix there completes the "fix" step', async () => {
    await runCommand('Vigil: Open Practice Workspace');
    // The window reloads into the practice folder.
    await page.waitForURL(/vigil-practice/, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // It opens on its README (preview) and the first file with a finding.
    await page.locator('.tabs-container .tab', { hasText: 'payments.ts' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'README' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    const readme = page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
    await readme.locator('h1', { hasText: 'Vigil practice workspace' }).first().waitFor({ timeout: 30_000 });
    await shot('10a-practice-opened');
    // The practice workspace is a git repository (the pre-commit step needs one).
    assert.ok(existsSync(path.join(decodeURIComponent(new URL(page.url()).searchParams.get('folder') ?? ''), '.git')), page.url());
    await openFile('orders.ts');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
    await runCommand('Vigil: Open Onboarding Walkthrough');
    await page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#vigil.onboarding.practice"]').first().waitFor({ timeout: 20_000 });
    await page.locator('.tabs-container .tab', { hasText: 'orders.ts' }).click();
    await goTo(3, 32);
    const fix = await openQuickFixMenu('Use https:// instead of http://');
    for (let i = 0; i < 10 && !((await fix.getAttribute('class')) ?? '').includes('focused'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.view-line', { hasText: "fetch('https://api.practice-shop.io/orders')" }).waitFor({ timeout: 15_000 });
    await runCommand('Vigil: Open Onboarding Walkthrough');
    await page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#vigil.onboarding.fix"]').first().waitFor({ timeout: 20_000 });
    await shot('10-walkthrough-practice-done');
  });
});
