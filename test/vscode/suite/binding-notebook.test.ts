// Sliders on a notebook cell, in the real VS Code API: the lenses sit on the right cells and lines
// (an error from the lens provider fails the test, it is never taken for "no lenses"), and the
// bound model follows the definition the notebook would use: a redefinition in a cell between the
// definition and the call changes the formula, one after the call does not, removing it brings the
// first back, and renamed parameters carry the binding over to the new names.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { api, bindingLenses, closeAll, lessonNotebookUri, slide } from './binding-helpers';

function cellWith(notebook: vscode.NotebookDocument, text: string): vscode.NotebookCell {
  const cell = notebook.getCells().find((c) => c.document.getText().includes(text));
  assert.ok(cell, `the notebook has no cell with ${text}`);
  return cell;
}

async function insertCell(notebook: vscode.NotebookDocument, index: number, source: string): Promise<vscode.NotebookCell> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [
    vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'python')]),
  ]);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the cell was inserted');
  return notebook.cellAt(index);
}

async function replaceCellText(cell: vscode.NotebookCell, source: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const document = cell.document;
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), source);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the cell was edited');
}

async function deleteCell(notebook: vscode.NotebookDocument, index: number): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(index, index + 1))]);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the cell was deleted');
}

/**
 * The binding lenses of a cell, once the workbench has the cell's text model: until the cell is
 * rendered, the lens command answers "Illegal argument" (no model for that URI), which is retried;
 * any other error fails, and an empty answer is an answer.
 */
async function cellLenses(cell: vscode.NotebookCell): Promise<vscode.CodeLens[]> {
  let last: unknown;
  const answer = await waitFor(`the lens provider to answer for cell ${cell.index + 1}`, async () => {
    try {
      return { lenses: await bindingLenses(cell.document.uri) };
    } catch (error) {
      if (!/Illegal argument/.test(String(error))) throw error;
      last = error;
      return undefined;
    }
  }).catch((error: Error) => {
    throw new Error(`${error.message} (last: ${String(last)})`);
  });
  return answer.lenses;
}

/** Opens the lesson notebook with nothing else open and binds the sliders to its quad(3, 2, 1, 1.5) cell. */
async function bindLessonCall() {
  await closeAll();
  const notebook = await vscode.workspace.openNotebookDocument(lessonNotebookUri());
  await vscode.window.showNotebookDocument(notebook);
  const binding = await api();
  const call = cellWith(notebook, 'quad(3, 2, 1, 1.5)');
  assert.strictEqual(
    await vscode.commands.executeCommand<boolean>('nnDeepDive.bindSliders', call.document.uri, { line: 0, character: 0 }),
    true,
  );
  return { notebook, binding, call };
}

describe('sliders bound to a notebook cell', function () {
  this.timeout(60000);
  after(closeAll);

  it('puts the lenses on the right cells and lines of the lesson notebook', async () => {
    await api();
    await closeAll();
    const notebook = await vscode.workspace.openNotebookDocument(lessonNotebookUri());
    const notebookEditor = await vscode.window.showNotebookDocument(notebook);
    const def = cellWith(notebook, 'def quad(a, b, c, x)');
    const call = cellWith(notebook, 'quad(3, 2, 1, 1.5)');
    const f2 = cellWith(notebook, 'f2 = mk_quad(3, 2, 1)');
    notebookEditor.revealRange(new vscode.NotebookRange(def.index, f2.index + 1), vscode.NotebookEditorRevealType.AtTop);
    const lenses = await cellLenses(call);
    assert.ok(lenses.length > 0, 'no lenses on the quad(3, 2, 1, 1.5) cell');
    const line = call.document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.startsWith('quad(3, 2, 1, 1.5)'));
    assert.deepStrictEqual([...new Set(lenses.map((l) => l.range.start.line))], [line]);
    assert.deepStrictEqual(lenses.map((l) => l.command!.command).sort(), ['nnDeepDive.bindSliders', 'nnDeepDive.fitBinding']);
    for (const lens of lenses)
      assert.strictEqual(String(lens.command!.arguments?.[0]), call.document.uri.toString(), 'the lens binds its own cell');
    // The mk_quad cell has its own lenses, the defining cell none.
    assert.ok((await cellLenses(f2)).length > 0, 'lenses on the f2 cell');
    assert.deepStrictEqual(await cellLenses(def), [], 'no lens on the cell that only defines quad');
  });

  it('follows a redefinition of the model in another cell, the one the notebook would use', async () => {
    const { notebook, binding, call } = await bindLessonCall();
    const bound = binding.current!;
    assert.strictEqual(bound.binding.formula, 'a*x**2 + b*x + c');
    const formula = () => binding.current?.binding.formula;

    // A cell between the definition and the call redefines quad: the call now uses it.
    const redefined = await insertCell(notebook, call.index, 'def quad(a, b, c, x): return a*x**3 + b*x + c');
    await waitFor('the binding to follow the redefinition', () => formula() === 'a*x**3 + b*x + c');
    assert.strictEqual(binding.current, bound, 'the same binding, not a new one');
    // Editing that cell again follows too.
    await replaceCellText(redefined, 'def quad(a, b, c, x):\n    y = a*x**4 + b*x\n    return y + c');
    await waitFor('the binding to follow the edited redefinition', () => formula() === 'a*x**4 + b*x + c');
    // A redefinition after the call is not what the call uses.
    const later = await insertCell(notebook, notebook.cellCount, 'def quad(a, b, c, x): return a*x + b*x + c');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(formula(), 'a*x**4 + b*x + c', 'a definition after the call changed the binding');
    await deleteCell(notebook, later.index);
    // Renamed parameters: the sliders take the new names, the literals stay bound.
    await replaceCellText(redefined, 'def quad(p, q, r, x): return p*x**2 - q*x + r');
    await waitFor('the renamed parameters', () => binding.current?.binding.params.map((p) => p.name).join() === 'p,q,r');
    assert.strictEqual(formula(), 'p*x**2 - q*x + r');
    slide(binding, bound.id, [2.5, 2, 1], 'end');
    await waitFor('the write under the new names', () => call.document.getText().includes('quad(2.5, 2, 1, 1.5)'));
    // Removing the redefining cell: back to the lesson's definition.
    await deleteCell(notebook, redefined.index);
    await waitFor('the first definition again', () => formula() === 'a*x**2 + b*x + c');
    assert.strictEqual(binding.current?.ended ?? null, null, 'the binding lived through all of it');
    binding.receive({ type: 'unbind', id: bound.id });
    await replaceCellText(call, 'quad(3, 2, 1, 1.5)');
  });

  it('ends the binding when the other cells no longer define the model', async () => {
    const { notebook, binding, call } = await bindLessonCall();
    const before = call.document.getText();
    const id = binding.current!.id;
    const def = cellWith(notebook, 'def quad(a, b, c, x)');
    const definition = def.document.getText();
    try {
      await replaceCellText(def, 'def quad(a, b, c, x): return print(a)');
      await waitFor('the binding to end', () => binding.current === null);
      slide(binding, id, [9, 9, 9], 'end');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(call.document.getText(), before, 'a write after the binding ended');
    } finally {
      await replaceCellText(def, definition);
    }
  });
});
