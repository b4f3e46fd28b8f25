// The host's side of bringing data in: picking a CSV/TSV file, reading it (refused by its size,
// named with the limit, before any byte is read), sending its bytes to the webview to parse, and
// watching the file in use so the panel can offer "reload" when it changes or say it vanished.
import * as vscode from 'vscode';
import { fileSizeProblem } from '../../core/data/csv';
import type { HostMessage } from '../../protocol/messages';
import type { PlaygroundState } from '../../protocol/state';
import { errorMessage } from '../../core/result';

type Post = (message: HostMessage) => void;

export const DATA_FILE_FILTERS = { 'Data (CSV, TSV)': ['csv', 'tsv', 'txt'], 'All files': ['*'] };

const nameOf = (uri: vscode.Uri) => uri.path.split('/').pop() || 'data.csv';

/** Asks for a data file; undefined when the user cancels. */
export async function pickDataFile(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Load data',
    filters: DATA_FILE_FILTERS,
    defaultUri: folder,
  });
  return picked?.[0];
}

/** Reads `uri` and posts its bytes (or why it cannot be read) to the webview. */
export async function sendDataFile(uri: vscode.Uri, purpose: 'new' | 'reload', post: Post, log: vscode.LogOutputChannel): Promise<void> {
  const name = nameOf(uri);
  const path = uri.toString();
  const refuse = (error: string) => {
    log.warn(`Data file ${path}: ${error}`);
    post({ type: 'dataFileRefused', purpose, name, path, error });
    if (purpose === 'new') void vscode.window.showErrorMessage(`${name}: ${error}`);
  };
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return refuse('The file is not there any more (deleted or moved).');
  }
  if (stat.type & vscode.FileType.Directory) return refuse('It is a folder, not a file.');
  const tooBig = fileSizeProblem(stat.size);
  if (tooBig) return refuse(tooBig);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return refuse(`It could not be read (${errorMessage(error)}).`);
  }
  const again = fileSizeProblem(bytes.length);
  if (again) return refuse(again);
  log.info(`Data file ${path}: ${bytes.length} bytes sent to the playground (${purpose})`);
  // A plain Uint8Array over the same memory: the file system hands a Node Buffer, whose toJSON would
  // turn it into { type: 'Buffer', data: [...] } on its way to the webview instead of its bytes.
  const plain = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  post({ type: 'dataFile', purpose, name, path, bytes: plain, mtime: stat.mtime });
}

/** Watches the file the playground's data came from; tells the webview when it changes or goes. */
export class DataFileWatch implements vscode.Disposable {
  private watched: string | null = null;
  private watcher: vscode.FileSystemWatcher | null = null;

  constructor(
    private readonly post: Post,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Called with every state the webview saves: follows the data's file, if it has one. */
  follow(state: PlaygroundState): void {
    const data = state.data.kind === 'csv' ? state.data : null;
    const path = data?.path ?? null;
    if (path === this.watched) return;
    this.watcher?.dispose();
    this.watcher = null;
    this.watched = path;
    if (!path || !data) return;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(path, true);
    } catch {
      return;
    }
    const parent = vscode.Uri.joinPath(uri, '..');
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, nameOf(uri)));
    this.watcher.onDidChange(() => this.post({ type: 'dataFileChanged', path, change: 'changed' }));
    this.watcher.onDidCreate(() => this.post({ type: 'dataFileChanged', path, change: 'changed' }));
    this.watcher.onDidDelete(() => this.post({ type: 'dataFileChanged', path, change: 'deleted' }));
    // What happened while the playground was closed: the saved copy may be older than the file, or the file gone.
    void vscode.workspace.fs.stat(uri).then(
      (stat) => {
        if (data.mtime !== undefined && stat.mtime > data.mtime + 1) this.post({ type: 'dataFileChanged', path, change: 'changed' });
      },
      () => {
        this.log.info(`Data file ${path} is gone; the playground keeps its copy`);
        this.post({ type: 'dataFileChanged', path, change: 'deleted' });
      },
    );
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = null;
    this.watched = null;
  }
}

/** Saves text (a CSV export) where the user picks; the file written, or undefined when the dialog was cancelled. */
export async function saveText(
  message: { name: string; text: string; label: string },
  log: vscode.LogOutputChannel,
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, message.name) : undefined,
    filters: { CSV: ['csv'] },
    saveLabel: 'Save CSV',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(message.text));
  log.info(`Saved ${message.label} to ${target.toString(true)}`);
  return target;
}
