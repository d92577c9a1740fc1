import * as vscode from 'vscode';

// Rule codes in Problems link to `<scheme>://vigil.vigil/tip?rule=<id>`: the editor's own URI
// scheme (`vscode`, `code-oss` in code-server), handled by the extension's URI handler, so the
// link opens Vigil's tip offline. The language client gives the server the base; the server
// appends `?rule=<id>` (server/src/lsp/diagnostics.ts).

const TIP_PATH = '/tip';

export function tipUriBase(context: vscode.ExtensionContext): string {
  return `${vscode.env.uriScheme}://${context.extension.id}${TIP_PATH}`;
}

/** The rule a tip URI names, or undefined for any other URI. */
export function ruleOfTipUri(uri: vscode.Uri): string | undefined {
  if (uri.path !== TIP_PATH) return undefined;
  const rule = new URLSearchParams(uri.query).get('rule');
  return rule && /^[\w.-]{1,200}$/.test(rule) ? rule : undefined;
}
