import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { cweUrl } from '../engine/cwe';
import { Commands } from '../protocol';

export const SHOW_TIP_COMMAND = Commands.showTip;

function contains(f: Finding, p: Position): boolean {
  const { start, end } = f.range;
  const afterStart = p.line > start.line || (p.line === start.line && p.character >= start.character);
  const beforeEnd = p.line < end.line || (p.line === end.line && p.character <= end.character);
  return afterStart && beforeEnd;
}

export interface HoverOptions {
  /**
   * The client has Vigil's tips panel (the VS Code extension): the card links to it. Such a client
   * also shows the diagnostic's message in the same hover, so the card does not repeat it; other
   * clients get the message in the card.
   */
  tipsCommand: boolean;
  /** The client reads only plain text in hovers (its `hover.contentFormat` has no markdown). */
  plainText?: boolean;
}

/**
 * A card per finding under the cursor: the rule's name and severity, a link that opens the rule's
 * tip, and its CWE entries. The message (with the confidence, for secrets only) is the
 * diagnostic's, shown once.
 */
export function hoverFor(findings: Finding[], position: Position, ruleById: (id: string) => CompiledRule | undefined, options: HoverOptions = { tipsCommand: true }): Hover | null {
  const here = findings.filter((f) => contains(f, position));
  if (here.length === 0) return null;
  if (options.plainText) {
    const plain = here.map((f) => {
      const rule = ruleById(f.ruleId);
      const refs = (rule?.cwe ?? []).map((c) => (cweUrl(c) ? `${c}: ${cweUrl(c)}` : c));
      return [`Vigil: ${rule?.name ?? f.ruleId} (${f.severity})`, f.message, ...refs].join('\n');
    });
    return { contents: { kind: MarkupKind.PlainText, value: plain.join('\n\n') }, range: here[0].range };
  }
  const sections = here.map((f) => {
    const rule = ruleById(f.ruleId);
    const args = encodeURIComponent(JSON.stringify([f.ruleId]));
    // Names, ids and CWE entries come from packs anyone can write: text, never markdown or links.
    const refs = (rule?.cwe ?? []).map((c) => {
      const url = cweUrl(c);
      return url ? `[${escapeMarkdown(c)}](${url})` : escapeMarkdown(c);
    });
    // The confidence is in the message already, for secrets only (engine/scan.ts): not repeated.
    const title = `**Vigil: ${escapeMarkdown(rule?.name ?? f.ruleId)}** · ${f.severity}`;
    const tipLink = options.tipsCommand ? [`[Open the Vigil tip](command:${SHOW_TIP_COMMAND}?${args} "Show the training tip for ${escapeMarkdown(f.ruleId).replace(/"/g, '\\"')}")`] : [];
    const links = [...tipLink, ...refs].join(' · ');
    return [title, ...(options.tipsCommand ? [] : ['', escapeMarkdown(f.message)]), ...(links ? ['', links] : [])].join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>()!#|~]/g, (c) => `\\${c}`);
}
