// The scanner's view of a VS Code document: a plain file is one unit; a notebook cell is scanned
// together with the other code cells of its notebook (definitions are shared across cells) and
// gets only its own bindings. Also names the place for the panel and says whether it is writable.
import * as vscode from 'vscode';
import { Binding, languageOf, scanCells } from '../../core/binding/scan';

export interface DocumentBindings {
  bindings: Binding[];
  /** The notebook the document is a cell of, if any. */
  notebook?: vscode.NotebookDocument;
}

export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const key = document.uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document.uri.toString() === key));
}

export function bindingsOf(document: vscode.TextDocument): DocumentBindings {
  const language = languageOf(document.languageId);
  if (!language) return { bindings: [] };
  const notebook = notebookOf(document);
  if (!notebook) return { bindings: scanCells([document.getText()], language) };
  const cells = notebook
    .getCells()
    .filter((cell) => cell.kind === vscode.NotebookCellKind.Code && languageOf(cell.document.languageId) === language);
  const own = cells.findIndex((cell) => cell.document === document || cell.document.uri.toString() === document.uri.toString());
  if (own < 0) return { bindings: [], notebook };
  const bindings = scanCells(
    cells.map((cell) => cell.document.getText()),
    language,
  ).filter((b) => b.unit === own);
  return { bindings: bindings.map((b) => ({ ...b, unit: 0 })), notebook };
}

/** `lesson.py:25`, or `lesson.ipynb, cell 9, line 1` for a notebook cell. */
export function placeOf(document: vscode.TextDocument, line: number): string {
  const notebook = notebookOf(document);
  const name = (uri: vscode.Uri) => (uri.scheme === 'untitled' ? uri.path : (uri.path.split('/').pop() ?? uri.toString()));
  if (notebook) {
    const cell = notebook.getCells().find((c) => c.document === document);
    return `${name(notebook.uri)}, cell ${(cell?.index ?? 0) + 1}, line ${line + 1}`;
  }
  return `${name(document.uri)}:${line + 1}`;
}

/** Why nothing may be written into this document, or null when it may be. */
export function readOnlyReason(document: vscode.TextDocument): string | null {
  const uri = notebookOf(document)?.uri ?? document.uri;
  if (uri.scheme === 'untitled' || uri.scheme === 'vscode-notebook-cell') return null;
  if (['git', 'output', 'vscode-scm', 'review', 'gitfs', 'pr'].includes(uri.scheme))
    return 'read-only: the sliders do not write into this document';
  const writable = vscode.workspace.fs.isWritableFileSystem(uri.scheme);
  return writable === false ? 'read-only: the sliders do not write into this document' : null;
}

/** The binding at a position: the one whose span holds it, else the first on its line. */
export function bindingAt(document: vscode.TextDocument, bindings: Binding[], position: vscode.Position): Binding | undefined {
  const offset = document.offsetAt(position);
  const holding = bindings.filter((b) => b.start <= offset && offset <= b.end).sort((a, b) => a.end - a.start - (b.end - b.start));
  return holding[0] ?? bindings.find((b) => b.line === position.line);
}
