import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { cweUrl } from './diagnostics';

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
    const refs = (rule?.cwe ?? []).map((c) => {
      const url = cweUrl(c);
      return url ? `[${c}](${url})` : c;
    });
    return [
      `**Vigil: ${rule?.name ?? f.ruleId}** · ${f.severity} · confidence: ${f.confidence}`,
      '',
      escapeMarkdown(f.message),
      '',
      [`[Open in Vigil tips](command:${SHOW_TIP_COMMAND}?${args} "Show the training tip for ${f.ruleId}")`, ...refs].join(' · '),
    ].join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}
