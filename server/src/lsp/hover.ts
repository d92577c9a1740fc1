import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { cweUrl } from '../engine/cwe';

export const SHOW_TIP_COMMAND = 'vigil.showTip';

function contains(f: Finding, p: Position): boolean {
  const { start, end } = f.range;
  const afterStart = p.line > start.line || (p.line === start.line && p.character >= start.character);
  const beforeEnd = p.line < end.line || (p.line === end.line && p.character <= end.character);
  return afterStart && beforeEnd;
}

/** The rule's (already masked) message, its confidence, and a link that opens its tip in the panel. */
export function hoverFor(findings: Finding[], position: Position, ruleById: (id: string) => CompiledRule | undefined): Hover | null {
  const here = findings.filter((f) => contains(f, position));
  if (here.length === 0) return null;
  const sections = here.map((f) => {
    const rule = ruleById(f.ruleId);
    const args = encodeURIComponent(JSON.stringify([f.ruleId]));
    // Names, ids and CWE entries come from packs anyone can write: text, never markdown or links.
    const refs = (rule?.cwe ?? []).map((c) => {
      const url = cweUrl(c);
      return url ? `[${escapeMarkdown(c)}](${url})` : escapeMarkdown(c);
    });
    return [
      `**Vigil: ${escapeMarkdown(rule?.name ?? f.ruleId)}** · ${f.severity} · confidence: ${f.confidence}`,
      '',
      escapeMarkdown(f.message),
      '',
      [`[Open in Vigil tips](command:${SHOW_TIP_COMMAND}?${args} "Show the training tip for ${escapeMarkdown(f.ruleId).replace(/"/g, '\\"')}")`, ...refs].join(' · '),
    ].join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>()!#|~]/g, (c) => `\\${c}`);
}
