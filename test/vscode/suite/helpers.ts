// Helpers shared by the extension-host suites.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nn-deep-dive.nn-deep-dive';
export const VIEW_TYPE = 'nnDeepDive.playground';
export const PANEL_TITLE = 'Neural Net Deep Dive';

/** The contract's commands (notes/contract.md), id -> title. */
export const COMMANDS: Record<string, string> = {
  'nnDeepDive.fitQuadratic': 'Fit Quadratic',
  'nnDeepDive.fitRelu': 'Fit ReLU',
  'nnDeepDive.fitDoubleRelu': 'Fit Double ReLU',
  'nnDeepDive.fitNRelus': 'Fit N ReLUs',
  'nnDeepDive.fitLayers': 'Fit Layers',
  'nnDeepDive.openPlayground': 'Open Playground',
};

export function product(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `the extension ${EXTENSION_ID} is not installed in this extension host`);
  return extension;
}

export async function activateProduct(): Promise<vscode.Extension<unknown>> {
  const extension = product();
  await extension.activate();
  return extension;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The webview tabs of the playground (TabInputWebview's viewType carries a prefix, hence endsWith). */
export function playgroundTabs(): { tab: vscode.Tab; group: vscode.TabGroup }[] {
  const found: { tab: vscode.Tab; group: vscode.TabGroup }[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE)) found.push({ tab, group });
    }
  }
  return found;
}

/** The workspace's sample file with the lesson's code. */
export function lessonUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the extension host was started without a workspace folder (expected the sample workspace)');
  return vscode.Uri.file(path.join(folder.uri.fsPath, 'lesson.py'));
}

/** Closes every editor and opens lesson.py in the first column. */
export async function freshWindowWithLesson(): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('all editors to close', () => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0) || undefined);
  const document = await vscode.workspace.openTextDocument(lessonUri());
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}
