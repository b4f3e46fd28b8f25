// Sliders on the user's code, in the real VS Code API: the lenses sit at the right lines in a .py
// file and in a notebook cell; a slider change (the webview's boundEdit message, handed to the
// binding as the panel does) rewrites exactly the bound literals; one undo restores the original;
// an edit above the binding keeps it on its literals; deleting the call ends it without a write.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateProduct, lessonUri, waitFor } from './helpers';

interface BindingApi {
  current: {
    id: number;
    document: vscode.TextDocument;
    ended: string | null;
    binding: { label: string; params: { name: string; value: number }[] };
  } | null;
  receive(message: unknown): void;
}

async function api(): Promise<BindingApi> {
  const extension = await activateProduct();
  const exported = extension.exports as { binding?: BindingApi } | undefined;
  assert.ok(exported?.binding, 'the extension does not export its binding controller');
  return exported.binding;
}

const BIND_COMMANDS = new Set(['nnDeepDive.bindSliders', 'nnDeepDive.fitBinding']);

async function bindingLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((lens) => lens.command && BIND_COMMANDS.has(lens.command.command));
}

function lineStarting(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.startsWith(text)) return i;
  return -1;
}

/** Closes every editor, dropping the unsaved changes of the tests' documents (no "save?" dialog). */
async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme !== 'vscode-notebook-cell')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  for (const notebook of vscode.workspace.notebookDocuments.filter((n) => n.isDirty)) {
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

let untitledCount = 0;

/** A new untitled Python document with the lesson's code, shown in an editor (the binding works on unsaved documents). */
async function untitledLesson(): Promise<vscode.TextEditor> {
  await closeAll();
  const content = fs.readFileSync(lessonUri().fsPath, 'utf8');
  const uri = vscode.Uri.parse(`untitled:/binding-test-${++untitledCount}-${Date.now()}.py`);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), content));
  assert.strictEqual(document.getText(), content, 'the untitled document holds the lesson');
  return editor;
}

async function bindAt(editor: vscode.TextEditor, text: string): Promise<BindingApi['current'] & object> {
  const binding = await api();
  const line = lineStarting(editor.document, text);
  assert.ok(line >= 0, `no line starting with ${text} in ${editor.document.uri.toString()}: ${editor.document.getText().slice(0, 300)}`);
  const ok = await vscode.commands.executeCommand<boolean>('nnDeepDive.bindSliders', editor.document.uri, { line, character: 0 });
  assert.strictEqual(ok, true, `nnDeepDive.bindSliders refused ${text}`);
  const current = binding.current;
  assert.ok(current && current.document === editor.document, 'the binding is not on the document');
  // The panel took the focus; the bound editor stays visible beside it.
  await waitFor('the bound editor to stay visible', () => vscode.window.visibleTextEditors.some((e) => e.document === editor.document));
  return current;
}

function slide(binding: BindingApi, id: number, values: number[], phase: 'drag' | 'end', movedAt?: number): void {
  binding.receive({ type: 'boundEdit', id, values, steps: values.map(() => 0.005), phase, movedAt });
}

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

  it('puts the lenses on the right cells and lines of the lesson notebook', async () => {
    await api();
    const uri = vscode.Uri.file(path.join(path.dirname(lessonUri().fsPath), 'lesson.ipynb'));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const notebookEditor = await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.getCells().find((c) => c.document.getText().startsWith('def quad(a, b, c, x)'));
    assert.ok(cell, 'the notebook has a cell with def quad');
    const call = notebook.getCells().find((c) => c.document.getText().includes('quad(3, 2, 1, 1.5)'))!;
    // The workbench asks the providers only for cells it has rendered: show the two cells first.
    notebookEditor.revealRange(new vscode.NotebookRange(cell.index, call.index + 1), vscode.NotebookEditorRevealType.AtTop);
    const lenses = await waitFor('binding lenses in the quad(3, 2, 1, 1.5) cell', async () => {
      const found = await bindingLenses(call.document.uri).catch(() => []);
      return found.length ? found : undefined;
    });
    const line = call.document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.startsWith('quad(3, 2, 1, 1.5)'));
    assert.deepStrictEqual([...new Set(lenses.map((l) => l.range.start.line))], [line]);
    assert.deepStrictEqual(await bindingLenses(cell.document.uri).catch(() => []), [], 'no lens on the cell that only defines quad');
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
    const uri = vscode.Uri.file(path.join(path.dirname(lessonUri().fsPath), 'lesson.ipynb'));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
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
