import { CodeAction, CodeActionKind, Command, Diagnostic, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineCommentFor } from '../engine/language';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { toDiagnostic } from './diagnostics';

export const SUPPRESS_COMMAND = 'vigil.server.suppress';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }): boolean =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Quick fixes declared by the rules, plus "suppress with a reason", for findings in `range`. */
export function codeActionsFor(document: TextDocument, path: string, findings: Finding[], range: Range, ruleById: (id: string) => CompiledRule | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressible = lineCommentFor(path) !== undefined;
  for (const finding of findings) {
    if (!overlaps(finding.range, range)) continue;
    const diagnostic: Diagnostic = toDiagnostic(finding, ruleById(finding.ruleId));
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
  }
  return actions;
}
