import assert from 'node:assert/strict';
import { hoverFor } from '../../server/src/lsp/hover';
import { CompiledRule } from '../../server/src/packs/load';
import { Finding } from '../../server/src/engine/types';

// Hostile testing: a pack's rule name and CWE entries reached the hover as markdown, so a pack
// could put a command link (`[Fix](command:…)`) or an image in every hover of a contractor's editor.
// They are text now; only Vigil's own links remain.

describe('adversarial: pack text in hovers', () => {
  it('a rule name and CWE entries with markdown links are shown as text', () => {
    const rule = {
      id: 'acme.x',
      name: '[Click to fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%22%7D) ![x](https://evil.example/p.png)',
      cwe: ['CWE-798', '[more](command:evil)'],
    } as unknown as CompiledRule;
    const finding: Finding = {
      ruleId: 'acme.x',
      category: 'secret',
      severity: 'error',
      confidence: 'format',
      message: 'leak',
      fingerprint: 'f',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
    };
    const hover = hoverFor([finding], { line: 0, character: 1 }, () => rule);
    const md = (hover!.contents as { value: string }).value;
    const links = [...md.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.deepEqual(
      links.map((l) => l.split('?')[0].split(' ')[0]),
      ['command:vigil.showTip', 'https://cwe.mitre.org/data/definitions/798.html'],
    );
    assert.ok(!/(?<!\\)!\[/.test(md), 'no image');
  });
});
