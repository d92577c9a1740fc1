import { CodeAction, CodeActionKind, Command, Diagnostic, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineCommentFor } from '../engine/language';
import { Finding } from '../engine/types';
import { CompiledRule } from '../packs/load';
import { toDiagnostic } from './diagnostics';
import { Commands } from '../protocol';
import { rangesOverlap } from '../engine/lines';

export const SUPPRESS_COMMAND = Commands.suppress;
/** Fix on save, as `editor.codeActionsOnSave: { "source.fixAll.vigil": "explicit" }` asks for it. */
export const FIX_ALL_ON_SAVE_KIND = `${CodeActionKind.SourceFixAll}.vigil`;

/** Whether a code action request (its `context.only`) asks for actions of `kind`. */
export function kindRequested(kind: string, only: string[] | undefined): boolean {
  return only === undefined || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}
/** A client command (the tips panel); other LSP clients simply do not offer it. */
export const SHOW_TIP_CLIENT_COMMAND = Commands.showTip;

/** A cursor (an empty range) on a finding's edge still asks about it. */
const overlaps = (a: Range, b: Range): boolean => rangesOverlap(a, b, true);

export function findingsIn(findings: Finding[], range: Range): Finding[] {
  return findings.filter((f) => overlaps(f.range, range));
}

/**
 * "Fix all": one action per rule that has two or more fixable findings in the document, applying
 * every one of them (edits that overlap an earlier one are left out, so the result is consistent).
 */
export function fixAllActions(document: TextDocument, inRange: Finding[], all: Finding[], ruleById: (id: string) => CompiledRule | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const ruleId of new Set(inRange.filter((f) => f.fix).map((f) => f.ruleId))) {
    const fixable = all.filter((f) => f.ruleId === ruleId && f.fix);
    if (fixable.length < 2) continue;
    const edits: TextEdit[] = [];
    for (const f of fixable) {
      if (f.fix!.edits.some((e) => edits.some((o) => overlaps(o.range, e.range)))) continue;
      edits.push(...f.fix!.edits);
    }
    actions.push({
      title: `Fix all ${ruleById(ruleId)?.name ?? ruleId} findings in this file (${fixable.length})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: fixable.map((f) => toDiagnostic(f, ruleById(f.ruleId))),
      edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] },
    });
  }
  return actions;
}

/**
 * `source.fixAll.vigil`: every safe fix in the document at once, for fix on save. Safe means the
 * rule's own fix (idempotent: the finding is gone afterwards) that its rule allows on save; never
 * "move to environment variable" (it writes other files and needs the secret rotated) nor a
 * suppression (it needs a reason). Overlapping edits keep the first. Undefined when nothing to fix.
 */
export function fixAllOnSaveAction(document: TextDocument, findings: Finding[], ruleById: (id: string) => CompiledRule | undefined): CodeAction | undefined {
  const edits: TextEdit[] = [];
  const fixed: Finding[] = [];
  for (const f of findings) {
    if (!f.fix || ruleById(f.ruleId)?.source.fix?.onSave === false) continue;
    if (f.fix.edits.some((e) => edits.some((o) => overlaps(o.range, e.range)))) continue;
    edits.push(...f.fix.edits);
    fixed.push(f);
  }
  if (edits.length === 0) return undefined;
  return {
    title: `Fix all safe Vigil findings (${fixed.length})`,
    kind: FIX_ALL_ON_SAVE_KIND,
    diagnostics: fixed.map((f) => toDiagnostic(f, ruleById(f.ruleId))),
    edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] },
  };
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
