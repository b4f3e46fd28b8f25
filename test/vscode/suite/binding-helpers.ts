// Shared by the binding suites: the product's binding controller (exported by the extension),
// its lenses, an untitled copy of the lesson, binding at a line, and the webview's messages
// (boundEdit, boundStatus) handed to the controller as the panel does.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateProduct, lessonUri, waitFor } from './helpers';

export interface BindingApi {
  current: {
    id: number;
    document: vscode.TextDocument;
    ended: string | null;
    binding: {
      label: string;
      formula: string;
      params: { name: string; value: number; literal: { text: string } | null; source: string }[];
    };
    readOnly: string | null;
  } | null;
  receive(message: unknown): void;
}

export async function api(): Promise<BindingApi> {
  const extension = await activateProduct();
  const exported = extension.exports as { binding?: BindingApi } | undefined;
  assert.ok(exported?.binding, 'the extension does not export its binding controller');
  return exported.binding;
}

export const BIND_COMMANDS = new Set(['nnDeepDive.bindSliders', 'nnDeepDive.fitBinding']);

export async function bindingLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((lens) => lens.command && BIND_COMMANDS.has(lens.command.command));
}

export function lineStarting(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.startsWith(text)) return i;
  return -1;
}

/** Closes every editor, dropping the unsaved changes of the tests' documents (no "save?" dialog). */
export async function closeAll(): Promise<void> {
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
export async function untitledLesson(): Promise<vscode.TextEditor> {
  await closeAll();
  const content = fs.readFileSync(lessonUri().fsPath, 'utf8');
  const uri = vscode.Uri.parse(`untitled:/binding-test-${++untitledCount}-${Date.now()}.py`);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), content));
  assert.strictEqual(document.getText(), content, 'the untitled document holds the lesson');
  return editor;
}

export async function bindAt(editor: vscode.TextEditor, text: string): Promise<BindingApi['current'] & object> {
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

export function slide(binding: BindingApi, id: number, values: number[], phase: 'drag' | 'end', movedAt?: number): void {
  binding.receive({ type: 'boundEdit', id, values, steps: values.map(() => 0.005), phase, movedAt });
}

/** The lesson notebook of the sample workspace. */
export function lessonNotebookUri(): vscode.Uri {
  return vscode.Uri.file(path.join(path.dirname(lessonUri().fsPath), 'lesson.ipynb'));
}

/** The loss and gradient the panel reports for the bound parameters (as the webview's boundStatus). */
export function report(binding: BindingApi, id: number, loss: number, grad: number[]): void {
  binding.receive({ type: 'boundStatus', id, lossName: 'mae', loss, grad });
}
