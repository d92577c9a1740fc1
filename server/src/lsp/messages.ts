import { Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';

/**
 * A message for the user that asks nothing: `window/showMessage`, a notification. The library's
 * `showErrorMessage` & co. send `window/showMessageRequest`, which some editors (Neovim among
 * them) answer only once the user dismisses a prompt, blocking the editor meanwhile.
 */
export function tell(connection: Connection, type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}
