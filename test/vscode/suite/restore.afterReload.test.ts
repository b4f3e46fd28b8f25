// After a window reload: the playground is back (restored through the extension's webview
// panel serializer, which the onWebviewPanel activation event wakes), and the extension
// owns it again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { PANEL_TITLE, product, playgroundTabs, waitFor } from './helpers';

describe('panel restore: after the reload', () => {
  it('the playground tab is back, beside the lesson', async () => {
    const [{ tab, group }] = await waitFor('the restored playground tab', () => playgroundTabs().length > 0 && playgroundTabs(), 20000);
    assert.strictEqual(tab.label, PANEL_TITLE);
    assert.strictEqual(group.viewColumn, vscode.ViewColumn.Two);
  });

  it('restoring it activated the extension (the serializer was asked for the panel)', async () => {
    await waitFor('the extension to be activated by the restored panel', () => product().isActive, 20000);
  });

  it('"Fit Quadratic" adopts the restored panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.strictEqual(playgroundTabs().length, 1, 'the extension did not take over the restored panel: the command opened a second one');
  });
});
