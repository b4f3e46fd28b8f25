// Sliders on the user's code, in the real VS Code API: the lenses sit at the right lines in a .py
// file (the notebook's are in binding-notebook.test.ts); a slider change (the webview's boundEdit message, handed to the
// binding as the panel does) rewrites exactly the bound literals; one undo restores the original;
// an edit above the binding keeps it on its literals; deleting the call ends it without a write.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { lessonUri, waitFor } from './helpers';
import { api, bindAt, bindingLenses, closeAll, lessonNotebookUri, lineStarting, slide, untitledLesson } from './binding-helpers';

describe('sliders bound to code', function () {
  this.timeout(60000);
  after(closeAll);

  it('puts Sliders and Fit above each bindable place of lesson.py, Plot above def f(x), nowhere else', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(lessonUri());
    await vscode.window.showTextDocument(document);
    const lenses = await waitFor('binding lenses in lesson.py', async () => {
      const found = await bindingLenses(document.uri);
      return found.length ? found : undefined;
    });
    const lines = (title: string) =>
      [...new Set(lenses.filter((l) => l.command!.title.includes(title)).map((l) => l.range.start.line))].sort((a, b) => a - b);
    const expected = [
      'quad(3, 2, 1, 1.5)',
      'f2 = mk_quad(3, 2, 1)',
      'quad_mae([1.1, 1.1, 1.1])',
      'abc = torch.tensor(',
      'plot_function(partial(rectified_linear, 1, 1))',
    ].map((t) => lineStarting(document, t));
    const text = document.getText().split(/\r?\n/);
    text.forEach((line, i) => line.startsWith('@interact(') && expected.push(i));
    expected.sort((a, b) => a - b);
    assert.ok(!expected.includes(-1), 'lesson.py lacks an expected line');
    assert.deepStrictEqual(lines('Sliders'), expected);
    assert.deepStrictEqual(lines('Fit'), expected);
    assert.deepStrictEqual(lines('Plot'), [lineStarting(document, 'def f(x)')]);
    const quadLens = lenses.find(
      (l) => l.range.start.line === lineStarting(document, 'quad(3, 2, 1, 1.5)') && l.command!.title.includes('Sliders'),
    )!;
    assert.strictEqual(quadLens.command!.title, '$(settings) Sliders');
  });

  it('writes a slider change into exactly the bound literals, and one undo brings the original back', async () => {
    const editor = await untitledLesson();
    const original = editor.document.getText();
    const bound = await bindAt(editor, 'quad(3, 2, 1, 1.5)');
    const binding = await api();
    const line = lineStarting(editor.document, 'quad(3, 2, 1, 1.5)');
    // One drag: several moves, then the release.
    slide(binding, bound.id, [3.1, 2, 1], 'drag');
    slide(binding, bound.id, [3.25, 2, 1], 'drag');
    slide(binding, bound.id, [3.5, 2.25, 1], 'end');
    await waitFor('the edit', () => editor.document.lineAt(line).text === 'quad(3.5, 2.25, 1, 1.5)');
    const expected = original.replace('quad(3, 2, 1, 1.5)', 'quad(3.5, 2.25, 1, 1.5)');
    assert.strictEqual(editor.document.getText(), expected, 'something besides the bound literals changed');
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => editor.document.getText() === original);
    assert.strictEqual(binding.current?.ended ?? null, null, 'the binding survives the undo');
    assert.deepStrictEqual(
      binding.current!.binding.params.map((p) => p.value),
      [3, 2, 1],
      'the binding read the restored numbers',
    );
  });

  it('keeps pointing at its literals when the user edits above them', async () => {
    const editor = await untitledLesson();
    const bound = await bindAt(editor, 'f2 = mk_quad(3, 2, 1)');
    const binding = await api();
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# a new first line\nquad(9, 9, 9, 1.5)\n'));
    slide(binding, bound.id, [-1.5, 0.5, 1e-3], 'end');
    await waitFor('the edit', () => editor.document.getText().includes('f2 = mk_quad(-1.5, 0.5, 0.001)'));
    assert.ok(editor.document.getText().includes('quad(9, 9, 9, 1.5)'), 'the other call was not touched');
    assert.ok(editor.document.getText().includes('\nquad(3, 2, 1, 1.5)\n'), 'the quad call was not touched');
  });

  it('ends the binding without a write when the call is deleted, or a literal becomes an expression', async () => {
    const editor = await untitledLesson();
    let bound = await bindAt(editor, 'quad(3, 2, 1, 1.5)');
    const binding = await api();
    const line = lineStarting(editor.document, 'quad(3, 2, 1, 1.5)');
    await editor.edit((b) => b.delete(editor.document.lineAt(line).rangeIncludingLineBreak));
    await waitFor('the binding to end', () => binding.current === null);
    const after = editor.document.getText();
    slide(binding, bound.id, [7, 7, 7], 'end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(editor.document.getText(), after, 'a write after the binding ended');

    bound = await bindAt(editor, 'f2 = mk_quad(3, 2, 1)');
    const f2 = lineStarting(editor.document, 'f2 = mk_quad(3, 2, 1)');
    await editor.edit((b) => b.replace(new vscode.Range(f2, 13, f2, 14), 'a0*2'));
    await waitFor('the binding to end', () => binding.current === null);
    const changed = editor.document.getText();
    slide(binding, bound.id, [5, 5, 5], 'end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(editor.document.getText(), changed);
  });

  it('follows a number typed in the editor', async () => {
    const editor = await untitledLesson();
    await bindAt(editor, 'quad(3, 2, 1, 1.5)');
    const binding = await api();
    const line = lineStarting(editor.document, 'quad(3, 2, 1, 1.5)');
    await editor.edit((b) => b.replace(new vscode.Range(line, 8, line, 9), '-0.75'));
    await waitFor('the binding to read the typed number', () => binding.current?.binding.params[1].value === -0.75);
  });

  it('writes into a notebook cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(lessonNotebookUri());
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.getCells().find((c) => c.document.getText().includes('quad(3, 2, 1, 1.5)'))!;
    const binding = await api();
    const ok = await vscode.commands.executeCommand<boolean>('nnDeepDive.bindSliders', cell.document.uri, { line: 0, character: 0 });
    assert.strictEqual(ok, true);
    const id = binding.current!.id;
    slide(binding, id, [2.5, 2, 1], 'end');
    await waitFor('the cell edit', () => cell.document.getText().includes('quad(2.5, 2, 1, 1.5)'));
    binding.receive({ type: 'unbind', id });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('measures the time from a slider message to the edit in the document', async () => {
    const editor = await untitledLesson();
    const bound = await bindAt(editor, 'quad(3, 2, 1, 1.5)');
    const binding = await api();
    const line = lineStarting(editor.document, 'quad(');
    // One move at a time, as a user's key presses: each waits for its edit.
    for (let i = 1; i <= 50; i++) {
      const a = Number((3 + i / 100).toFixed(2));
      slide(binding, bound.id, [a, 2, 1], 'end', Date.now());
      await waitFor(`the edit to a = ${a}`, () => editor.document.lineAt(line).text === `quad(${a}, 2, 1, 1.5)`).catch((error: Error) => {
        throw new Error(
          `${error.message}: the line reads ${editor.document.lineAt(line).text}; binding ${binding.current?.ended ?? 'live'}`,
        );
      });
    }
    const summary = await vscode.commands.executeCommand<{ count: number; medianMs: number; p95Ms: number; text: string }>(
      'nnDeepDive.bindingLatency',
    );
    console.log(`      host ${summary.text}`);
    assert.ok(summary.count >= 40, `only ${summary.count} moves measured`);
  });
});
