import { CodeAction, CodeActionKind, Command, Diagnostic, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineCommentFor } from '../engine/language';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { toDiagnostic } from './diagnostics';

export const SUPPRESS_COMMAND = 'vigil.server.suppress';
/** A client command (the tips panel); other LSP clients simply do not offer it. */
export const SHOW_TIP_CLIENT_COMMAND = 'vigil.showTip';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }): boolean =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function findingsIn(findings: Finding[], range: Range): Finding[] {
  return findings.filter((f) => overlaps(f.range, range));
}

/**
 * For each finding: the rule's quick fix, any extra actions (move to env), "suppress with a
 * reason" and "learn more".
 */
export function codeActionsFor(
  document: TextDocument,
  path: string,
  findings: Finding[],
  ruleById: (id: string) => CompiledRule | undefined,
  extra: (finding: Finding) => CodeAction | undefined = () => undefined,
  clientCommands = true,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressible = lineCommentFor(path) !== undefined;
  for (const finding of findings) {
    const diagnostic: Diagnostic = toDiagnostic(finding, ruleById(finding.ruleId));
    const more = extra(finding);
    if (more) actions.push({ ...more, diagnostics: [diagnostic], isPreferred: true });
    if (finding.fix) {
      const edit: WorkspaceEdit = {
        documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, finding.fix.edits)],
      };
      actions.push({ title: finding.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit });
    }
    if (suppressible) {
      actions.push({
        title: `Suppress ${finding.ruleId} on this line with a reason…`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: Command.create('Suppress with a reason', SUPPRESS_COMMAND, document.uri, finding.range.start.line, finding.ruleId),
      });
    }
    if (clientCommands) {
      actions.push({
        title: `Learn more about ${ruleById(finding.ruleId)?.name ?? finding.ruleId} (Vigil tip)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: Command.create('Open the Vigil tip', SHOW_TIP_CLIENT_COMMAND, finding.ruleId),
      });
    }
  }
  return actions;
}
