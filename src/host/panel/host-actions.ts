// What the host does for the webview: clipboard, opening generated code and saving chart images
// (data files: data-files.ts). Each action reports its own failures to the user; a save says where
// it went in the panel itself, beside the button (playground-panel.ts), never in a toast over it.
import * as vscode from 'vscode';
import type { WebviewMessage } from '../../protocol/messages';

type Action<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

export class HostActions {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  async copy(message: Action<'copy'>): Promise<void> {
    await vscode.env.clipboard.writeText(message.text);
    vscode.window.setStatusBarMessage(`$(check) Copied ${message.label}`, 3000);
  }

  async openCode(message: Action<'openCode'>): Promise<void> {
    const document = await vscode.workspace.openTextDocument({ language: message.language, content: message.code });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  /** Writes the chart image where the user picks; the file written, or undefined when the dialog was cancelled. */
  async saveImage(message: Action<'saveImage'>): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, message.name) : undefined,
      filters: message.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      saveLabel: 'Save chart',
    });
    if (!target) return undefined;
    const bytes = message.format === 'png' ? Buffer.from(message.data, 'base64') : Buffer.from(message.data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    this.log.info(`Saved chart to ${target.toString(true)}`);
    return target;
  }
}
