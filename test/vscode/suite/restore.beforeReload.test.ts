// Leaves the playground open with the lesson beside it; the window is then reloaded and
// restore.afterReload.test.ts checks that the panel serializer brought it back.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateProduct, freshWindowWithLesson, playgroundTabs, waitFor } from './helpers';

describe('panel restore: before the reload', () => {
  it('opens the playground beside lesson.py', async () => {
    await activateProduct();
    await freshWindowWithLesson();
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    await waitFor('the playground tab', () => playgroundTabs().length === 1);
    assert.strictEqual(playgroundTabs()[0].group.viewColumn, vscode.ViewColumn.Two);
  });
});
