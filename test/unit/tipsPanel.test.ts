import assert from 'node:assert/strict';
import { references, renderPanel, searchText, Tip } from '../../client/src/tipsHtml';
import { builtinPack } from '../../server/src/packs/builtin';

// The tips panel's HTML (client/src/tipsHtml.ts): search at the top, matching the tips' text and
// not only their titles, categories that can hide with their heading, and the strict CSP kept.

const tips: Tip[] = builtinPack().pack.rules.map((r) => ({ ruleId: r.id, name: r.name, category: r.category, severity: r.severity, tip: r.tip, cwe: r.cwe, owasp: r.owasp, keywords: r.keywords }));

/** What the panel's script does with a query: every word in the tip's search text. */
function matches(html: string, query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return [...html.matchAll(/<li data-text="([^"]*)"><button type="button" data-show="[^"]*" aria-label="([^"]*)"/g)]
    .filter(([, text]) => words.every((w) => text.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&#38;/g, '&').includes(w)))
    .map(([, , name]) => name);
}

describe('tips panel HTML', () => {
  const html = renderPanel({ current: undefined, mode: 'daily', all: tips, read: new Set(), pack: undefined, cspSource: 'vscode-webview://x' });

  it('searches the tips\' text: "md5" finds "Broken hash algorithm", whose title does not say md5', () => {
    const weak = tips.find((t) => t.ruleId === 'crypto.weak-hash')!;
    assert.ok(!/md5/i.test(weak.name));
    assert.ok(searchText(weak).includes('md5'));
    const found = matches(html, 'md5');
    assert.ok(found.includes('Broken hash algorithm'), found.join(', '));
    assert.ok(found.length < tips.length / 4, `narrowed to ${found.length}`);
    assert.ok(matches(html, 'cwe-327').includes('Broken hash algorithm'), 'CWE entries too');
    assert.deepEqual(matches(html, 'md5 zzzznotthere'), [], 'every word must match');
    // The panel's script splits the query on white space (a template literal would eat a lone \s).
    assert.ok(html.includes('q.split(/\\s+/)'), 'the rendered script splits on /\\s+/');
  });

  it('puts the search box first, above the current tip and the list', () => {
    const body = html.slice(html.indexOf('<body>'));
    const search = body.indexOf('id="search"');
    assert.ok(search > 0 && search < body.indexOf('id="progress-label"') && search < body.indexOf('id="tip"') && search < body.indexOf('id="all-tips"'));
  });

  it('wraps each category with its heading, so an empty one hides whole while filtering', () => {
    const sections = [...html.matchAll(/<section class="group" aria-label="([^"]+)"><h3>/g)].map((m) => m[1]);
    assert.deepEqual(sections, ['Secrets', 'Transport', 'Cryptography']);
    assert.match(html, /group\.hidden = !group\.querySelector\('li\[data-text\]:not\(\[hidden\]\)'\)/);
  });

  it("links the tip's CWE entries to MITRE (the rule code in Problems opens this tip instead)", () => {
    const weak = tips.find((t) => t.ruleId === 'crypto.weak-hash')!;
    const withTip = renderPanel({ current: { ...weak, tip: '' }, mode: 'chosen', all: [], read: new Set(), pack: undefined, cspSource: 'vscode-webview://x' });
    assert.match(withTip, /<p class="refs"><a href="https:\/\/cwe\.mitre\.org\/data\/definitions\/327\.html">CWE-327<\/a>/);
    assert.match(withTip, /OWASP A02:2021<\/p>/);
  });

  it('keeps the strict CSP: nonce scripts and styles only, no inline handlers', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+';/);
    assert.ok(!/\son[a-z]+="/.test(html), 'no inline event handlers');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    assert.equal([...html.matchAll(/<script(?![^>]*nonce="([^"]+)")/g)].length, 0);
    assert.ok([...html.matchAll(/<script nonce="([^"]+)"/g)].every((m) => m[1] === nonce));
  });
});

describe('tips panel references', () => {
  it('names each reference once: the tip body loses its References line, the linked line keeps the rest', () => {
    for (const t of tips) {
      const { body, line } = references(t);
      assert.ok(!/\*\*References:\*\*/.test(body), t.ruleId);
      for (const c of t.cwe) assert.equal(line.filter((l) => l.includes(`>${c}<`)).length, 1, `${t.ruleId} ${c}`);
    }
    const dsa = references({ tip: 'Text.\n\n**References:** CWE-326, NIST SP 800-57.\n', cwe: ['CWE-326'], owasp: [] });
    assert.equal(dsa.body, 'Text.');
    assert.deepEqual(dsa.line, ['<a href="https://cwe.mitre.org/data/definitions/326.html">CWE-326</a>', 'NIST SP 800-57']);
  });

  it('keeps a rule id whole: it never wraps mid-word', () => {
    const html = renderPanel({ current: tips[0], read: new Set(), all: tips, mode: 'daily', pack: undefined, cspSource: 'vscode-webview://x' });
    assert.match(html, /<code class="rule-id" title="[^"]+">/);
    assert.match(html, /code\.rule-id \{ white-space: nowrap;/);
  });
});
