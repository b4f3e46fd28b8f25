// The code lens over the lesson's Python: a lens above each model function the playground can
// fit (quad / mk_quad, rectified_linear, double_relu), and none elsewhere; the panel a lens opens
// sits beside the file, never over it, also when an open panel shared the file's editor group.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateProduct, freshWindowWithLesson, lessonUri, playgroundTabs, waitFor } from './helpers';

/** The playground preset a lens opens: from a Fit command, or from nnDeepDive.openModel's argument. */
function presetOf(lens: vscode.CodeLens): string | undefined {
  const command = lens.command;
  if (!command) return undefined;
  const byCommand: Record<string, string> = {
    'nnDeepDive.fitQuadratic': 'quadratic',
    'nnDeepDive.fitRelu': 'relu',
    'nnDeepDive.fitDoubleRelu': 'doubleRelu',
  };
  if (command.command in byCommand) return byCommand[command.command];
  const argument = command.arguments?.[0] as { preset?: string } | undefined;
  return command.command === 'nnDeepDive.openModel' ? argument?.preset : undefined;
}

describe('code lens on the lesson code', () => {
  it('offers the matching playground above quad, mk_quad, rectified_linear and double_relu in lesson.py, and nowhere else', async () => {
    await activateProduct();
    const document = await vscode.workspace.openTextDocument(lessonUri());
    await vscode.window.showTextDocument(document);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
    // The binding lenses (Sliders, Fit, Plot, Unbind) have their own suite (binding.test.ts).
    const binding = new Set(['nnDeepDive.bindSliders', 'nnDeepDive.fitBinding', 'nnDeepDive.unbindSliders']);
    const ours = lenses.filter((lens) => lens.command?.command.startsWith('nnDeepDive.') && !binding.has(lens.command.command));
    assert.ok(
      ours.length > 0,
      `no nnDeepDive code lens in lesson.py (${lenses.length} lens(es) from other providers): the code lens provider is missing`,
    );
    const lines = document.getText().split(/\r?\n/);
    const lineOf = (text: string) => lines.findIndex((line) => line.startsWith(text));
    const expected: [string, string][] = [
      ['def quad(', 'quadratic'],
      ['def mk_quad(', 'quadratic'],
      ['def rectified_linear(', 'relu'],
      ['def double_relu(', 'doubleRelu'],
    ];
    const describe = (lens: vscode.CodeLens) =>
      `line ${lens.range.start.line + 1}: ${lens.command?.command}(${JSON.stringify(lens.command?.arguments ?? [])})`;
    for (const [text, preset] of expected) {
      const line = lineOf(text);
      assert.ok(line >= 0, `lesson.py has no "${text}"`);
      const found = ours.find((lens) => lens.range.start.line === line && presetOf(lens) === preset);
      assert.ok(
        found,
        `no lens opening the ${preset} playground on line ${line + 1} ("${text}"); lenses: ${ours.map(describe).join('; ')}`,
      );
      assert.ok(found.command?.title, 'the lens has no title');
    }
    const expectedLines = new Set(expected.map(([text]) => lineOf(text)));
    const stray = ours.filter((lens) => !expectedLines.has(lens.range.start.line));
    assert.deepStrictEqual(stray.map(describe), [], 'lenses on lines that define no lesson model');
  });

  it("opens beside the file, never over it: a panel sharing the file's editor group moves beside it", async () => {
    await activateProduct();
    await freshWindowWithLesson();
    await vscode.commands.executeCommand('nnDeepDive.fitQuadratic');
    const [{ group: first }] = await waitFor('the playground tab', () => playgroundTabs().length > 0 && playgroundTabs());
    // The learner drags lesson.py into the panel's group: the file is on top, the panel behind it.
    const document = await vscode.workspace.openTextDocument(lessonUri());
    const editor = await vscode.window.showTextDocument(document, first.viewColumn);
    assert.strictEqual(editor.viewColumn, first.viewColumn, "lesson.py opened in the panel's group");
    assert.strictEqual(playgroundTabs()[0].group.viewColumn, editor.viewColumn, 'the panel and the file share a group');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'nnDeepDive.openModel' && presetOf(l) === 'relu');
    assert.ok(lens?.command, 'no lens opening the relu playground');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const [{ tab, group }] = await waitFor('the panel in a group of its own', () => {
      const tabs = playgroundTabs();
      return tabs.length === 1 && tabs[0].group.viewColumn !== editor.viewColumn && tabs[0].tab.isActive && tabs;
    });
    assert.ok(tab.isActive && group.isActive, 'the panel is shown and focused');
    const fileGroup = vscode.window.tabGroups.all.find((g) => g.viewColumn === editor.viewColumn);
    assert.strictEqual(fileGroup?.activeTab?.label, 'lesson.py', 'lesson.py is still on top of its group, visible beside the panel');
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === document),
      'lesson.py stays visible',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
