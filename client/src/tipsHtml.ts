import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { cweUrl, PackInfo, Tip } from '../../server/src/protocol';

/** A tip as the server sends it (`vigil/tip`, `vigil/tips`): a rule's tip, or a topic tip. */
export type { PackInfo, Tip };

export type TipMode = 'finding' | 'daily' | 'chosen';

export interface PanelModel {
  current: Tip | undefined;
  mode: TipMode;
  all: Tip[];
  read: ReadonlySet<string>;
  pack: PackInfo | undefined;
  cspSource: string;
}

/** The markdown renderer (raw HTML off, see markdown.ts), bundled on its own and loaded on first use. */
let markdownModule: typeof import('./markdown') | undefined;
function renderMarkdown(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  markdownModule ??= require(path.join(__dirname, 'markdown.js')) as typeof import('./markdown');
  return markdownModule.renderMarkdown(text);
}

const GROUPS: Array<[string, string]> = [
  ['topic', 'Security topics'],
  ['secret', 'Secrets'],
  ['transport', 'Transport'],
  ['crypto', 'Cryptography'],
];

/**
 * What search matches a tip by: its title, rule id, body (markdown marks dropped), CWE and OWASP
 * entries and the rule's keywords, lower-cased on one line.
 */
export function searchText(t: Tip): string {
  const body = t.tip.replace(/[`*_#>[\]()|~-]+/g, ' ');
  return [t.name, t.ruleId, body, ...t.cwe, ...t.owasp, ...(t.keywords ?? [])].join(' ').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A CWE entry links its MITRE page (opened in the browser); anything else stays text. */
function cweLink(cwe: string): string {
  const url = cweUrl(cwe);
  return url ? `<a href="${esc(url)}">${esc(cwe)}</a>` : esc(cwe);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The tip's references once: its `**References:** …` line leaves the body, and what it names
 * beyond the tags (NIST SP 800-57) joins the linked CWE / OWASP line under the tip.
 */
export function references(tip: Pick<Tip, 'tip' | 'cwe' | 'owasp'>): { body: string; line: string[] } {
  const line = [...tip.cwe.map(cweLink), ...tip.owasp.map((o) => esc(`OWASP ${o}`))];
  const known = new Set([...tip.cwe.map((c) => c.toUpperCase()), ...tip.owasp.map((o) => `OWASP ${o}`.toUpperCase())]);
  const body = tip.tip.replace(/^\*\*References:\*\*[ \t]*(.*)$\n?/m, (_all, list: string) => {
    for (const item of list.replace(/\.\s*$/, '').split(/\s*[,;]\s*/)) {
      const ref = item.trim();
      if (ref && !known.has(ref.toUpperCase())) {
        known.add(ref.toUpperCase());
        line.push(/^CWE-\d+$/i.test(ref) ? cweLink(ref) : esc(ref));
      }
    }
    return '';
  });
  return { body: body.trimEnd(), line };
}

/** The whole panel as one document: strict CSP with a nonce, VS Code theme variables, no remote content. */
export function renderPanel(model: PanelModel): string {
  const nonce = randomBytes(16).toString('base64');
  const { current, read, all } = model;
  const readCount = all.filter((t) => read.has(t.ruleId)).length;
  const percent = all.length === 0 ? 0 : Math.round((readCount / all.length) * 100);
  const heading = model.mode === 'finding' ? 'Finding under the cursor' : model.mode === 'daily' ? 'Tip of the day' : 'Tip';
  const refs = current ? references(current) : { body: '', line: [] };
  const tipBody = current
    ? `<article aria-labelledby="tip-title">
        <p class="meta">${current.severity ? `<span class="badge ${esc(current.severity)}">${esc(current.severity)}</span> ` : ''}${esc(current.category)} · <code class="rule-id" title="${esc(current.ruleId)}">${esc(current.ruleId)}</code></p>
        <h2 id="tip-title">${esc(current.name)}</h2>
        <div class="tip">${renderMarkdown(refs.body)}</div>
        ${refs.line.length > 0 ? `<p class="refs">${refs.line.join(' · ')}</p>` : ''}
        ${read.has(current.ruleId) ? '<p class="done" role="status">✓ Read</p>' : `<button type="button" class="primary" data-read="${esc(current.ruleId)}">Mark as read</button>`}
      </article>`
    : '<p>Move the cursor onto a Vigil finding to see what is wrong, why it matters and how to fix it.</p>';
  const teamSources = (model.pack?.sources ?? []).filter((s) => s.id !== 'vigil-builtin');
  const house =
    teamSources.length === 0 && (model.pack?.houseRules.length ?? 0) === 0
      ? '<p class="muted">No team pack in this workspace: the built-in rules apply. A team lead can add one with <code>vigil pack init</code>.</p>'
      : `${teamSources.map((s) => `<p><b>${esc(s.id)}</b> ${esc(s.version)}${s.publisher ? ` · published by ${esc(s.publisher)}` : ''}</p>`).join('')}
       <ul class="checklist">${(model.pack?.houseRules ?? []).map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`;
  const groups = GROUPS.map(([category, title]) => {
    const items = all.filter((t) => t.category === category);
    if (items.length === 0) return '';
    return `<section class="group" aria-label="${esc(title)}"><h3>${esc(title)}</h3><ul class="tips">${items
      .map((t) => {
        const isRead = read.has(t.ruleId);
        return `<li data-text="${esc(searchText(t))}"><button type="button" data-show="${esc(t.ruleId)}" aria-label="${esc(t.name)}${isRead ? ' (read)' : ''}">${isRead ? '<span aria-hidden="true" class="check">✓</span> ' : ''}${esc(t.name)}</button></li>`;
      })
      .join('')}</ul></section>`;
  }).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${model.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Vigil training tips</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 16px; }
  h1 { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); margin: 12px 0 4px; }
  h2 { font-size: 1.2em; margin: 4px 0 8px; } h3 { font-size: 0.95em; margin: 10px 0 2px; }
  code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; }
  a { color: var(--vscode-textLink-foreground); }
  /* A rule id wraps as a whole, never mid-word; one longer than the panel ends in an ellipsis. */
  code.rule-id { white-space: nowrap; display: inline-block; max-width: 100%; overflow: hidden; text-overflow: ellipsis; vertical-align: bottom; }
  .meta, .refs, .muted { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  .badge { border-radius: 3px; padding: 0 5px; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
  .badge.error { background: var(--vscode-editorError-foreground); color: var(--vscode-editor-background); }
  .badge.warning { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
  .progress { height: 4px; background: var(--vscode-progressBar-background); opacity: 0.25; border-radius: 2px; }
  .progress > div { height: 4px; background: var(--vscode-progressBar-background); border-radius: 2px; }
  button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
  button.primary:hover { background: var(--vscode-button-hoverBackground); }
  .done { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  ul { list-style: none; padding: 0; margin: 0; } .checklist li::before { content: '☐ '; }
  .tips li button { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 2px 0; text-align: left; font: inherit; }
  .check { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  button:focus, input:focus { outline: 1px solid var(--vscode-focusBorder); }
  .searchbar { position: sticky; top: 0; z-index: 1; background: var(--vscode-sideBar-background, var(--vscode-editor-background)); padding: 8px 0 6px; }
  input[type=search] { width: 100%; box-sizing: border-box; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); padding: 4px; }
  hr { border: none; border-top: 1px solid var(--vscode-panel-border); margin: 14px 0 4px; }
  [hidden] { display: none; }
</style>
</head>
<body>
<div class="searchbar"><input type="search" id="search" placeholder="Search tips (title, text, CWE)" aria-label="Search tips" aria-controls="all-tips"></div>
<div id="browse">
<p class="muted" id="progress-label">Read ${readCount} of ${all.length} tips</p>
<div class="progress" role="progressbar" aria-labelledby="progress-label" aria-valuemin="0" aria-valuemax="${all.length}" aria-valuenow="${readCount}"><div id="progress-fill" data-percent="${percent}"></div></div>
<h1>${heading}</h1>
<main id="tip" aria-live="polite">${tipBody}</main>
<hr>
<section id="house-rules" aria-labelledby="house-title" tabindex="-1"><h1 id="house-title">House rules</h1>${house}</section>
<hr>
</div>
<nav id="all-tips" aria-label="All tips"><h1 id="list-title">All tips</h1>
${groups}
<p id="no-results" class="muted" role="status" hidden>No tip matches.</p>
</nav>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  // Set from here: the CSP allows no inline style attribute.
  const fill = document.getElementById('progress-fill');
  fill.style.width = fill.dataset.percent + '%';
  const state = vscode.getState() || {};
  const search = document.getElementById('search');
  // While searching, the results take the place of the current tip and the house rules, right
  // under the search box; categories with no match are hidden with their heading.
  const filter = () => {
    const q = search.value.trim().toLowerCase();
    const words = q.split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const li of document.querySelectorAll('li[data-text]')) {
      const hit = words.every((w) => li.dataset.text.includes(w));
      li.hidden = !hit;
      if (hit) shown++;
    }
    for (const group of document.querySelectorAll('section.group')) {
      group.hidden = !group.querySelector('li[data-text]:not([hidden])');
    }
    document.getElementById('browse').hidden = words.length > 0;
    document.getElementById('list-title').textContent = words.length > 0 ? shown + (shown === 1 ? ' tip matches' : ' tips match') : 'All tips';
    document.getElementById('no-results').hidden = shown > 0;
    vscode.setState({ ...vscode.getState(), query: search.value });
  };
  search.value = state.query || '';
  search.addEventListener('input', filter);
  // The panel is redrawn when the cursor moves onto a finding: typing goes on where it was.
  search.addEventListener('focus', () => vscode.setState({ ...vscode.getState(), searchFocused: true }));
  search.addEventListener('blur', () => vscode.setState({ ...vscode.getState(), searchFocused: false }));
  filter();
  if (state.searchFocused) {
    search.focus();
    search.setSelectionRange(search.value.length, search.value.length);
  }
  document.addEventListener('click', (e) => {
    const target = e.target.closest('button');
    if (!target) return;
    if (target.dataset.show) {
      // The chosen tip shows in place of the results: the search is done.
      vscode.setState({ ...vscode.getState(), query: '', searchFocused: false });
      vscode.postMessage({ type: 'show', ruleId: target.dataset.show });
    }
    if (target.dataset.read) vscode.postMessage({ type: 'markRead', ruleId: target.dataset.read });
  });
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'focusSearch') {
      search.focus();
      search.select();
    }
    if (e.data && e.data.type === 'focusHouseRules') {
      search.value = '';
      filter();
      const section = document.getElementById('house-rules');
      section.scrollIntoView();
      section.focus();
    }
  });
</script>
</body>
</html>`;
}
