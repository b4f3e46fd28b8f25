// The playground panel: where it opens, and that there is only ever one.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS, PANEL_TITLE, activateProduct, freshWindowWithLesson, playgroundTabs, waitFor } from './helpers';

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('playground panel', () => {
  before(async () => {
    await activateProduct();
  });

  beforeEach(async () => {
    await freshWindowWithLesson();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Fit Quadratic" opens a webview panel in the column beside the active editor', async () => {
    assert.strictEqual(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    const [{ tab, group }] = await waitFor('the playground tab', () => playgroundTabs().length > 0 && playgroundTabs());
    assert.strictEqual(group.viewColumn, vscode.ViewColumn.Two, 'the panel should open beside the editor (column 2)');
    assert.strictEqual(tab.label, PANEL_TITLE);
    assert.ok(tab.isActive, 'the panel should be the active tab of its group');
    // The lesson stays open in the first column.
    assert.ok(vscode.window.tabGroups.all.find((g) => g.viewColumn === vscode.ViewColumn.One)?.tabs.some((t) => t.label === 'lesson.py'));
  });

  it('running it twice reuses the panel', async () => {
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    await waitFor('the playground tab', () => playgroundTabs().length > 0);
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.strictEqual(playgroundTabs().length, 1, 'a second run opened a second panel');
  });

  it('reveals the one panel again after the user focused the editor', async () => {
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    await waitFor('the playground tab', () => playgroundTabs().length > 0);
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    const [{ tab, group }] = await waitFor('the one playground tab to be active', () => {
      const tabs = playgroundTabs();
      return tabs.length === 1 && tabs[0].tab.isActive && tabs;
    });
    assert.strictEqual(group.viewColumn, vscode.ViewColumn.Two);
    assert.strictEqual(tab.label, PANEL_TITLE);
  });

  it('every Fit / Open command shows the same single panel', async () => {
    for (const id of Object.keys(COMMANDS)) {
      // "Fit N ReLUs" asks how many ReLUs unless it is given the number.
      const args = id === 'nnDeepDive.fitNRelus' ? [4] : [];
      await withTimeout(Promise.resolve(vscode.commands.executeCommand(id, ...args)), 5000, `${id} did not return within 5 s`);
      await waitFor(`the playground tab after ${id}`, () => playgroundTabs().length > 0);
    }
    assert.strictEqual(playgroundTabs().length, 1, `panels open: ${playgroundTabs().length}`);
  });
});
