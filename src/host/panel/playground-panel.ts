// The playground's webview panel, in the shape of VS Code's webview sample: one panel, created
// beside the active editor or revealed, revived by a serializer after a window reload, disposed
// with everything it registered. Training runs in the webview; the host only answers requests.
import * as vscode from 'vscode';
import { randomFillSync } from 'crypto';
import { errorMessage } from '../../core/result';
import { newestState } from '../../protocol/merge';
import {
  CHART_LABEL,
  HostMessage,
  OpenRequest,
  PANEL_TITLE,
  validateWebviewMessage,
  VIEW_TYPE,
  WebviewMessage,
} from '../../protocol/messages';
import type { UserSettings } from '../../protocol/settings';
import type { PlaygroundState } from '../../protocol/state';
import type { BindingWebviewMessage } from '../../protocol/binding';
import { DataFileWatch, pickDataFile, saveText, sendDataFile } from './data-files';
import { HostActions } from './host-actions';
import { createNonce, renderPage } from './html';
import { StateMemory } from './state-memory';

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  memory: StateMemory;
  actions: HostActions;
  settings(): UserSettings;
  /** The sliders' binding to code (src/host/binding): its messages, and the panel closing. */
  binding?: { receive(message: BindingWebviewMessage): void; panelClosed(): void };
  /** The Lesson tree view (src/host/lesson): its mark follows the chapter the panel shows. */
  lesson?: { mark(chapter: string | null): void };
}

interface Startup {
  request: OpenRequest | null;
  state: PlaygroundState | null;
}

export class PlaygroundPanel {
  static current: PlaygroundPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private latestState: PlaygroundState | null;
  private ready = false;
  private readonly queue: HostMessage[] = [];
  private readonly dataWatch: DataFileWatch;
  /** The file saved last, for the page's Open button. */
  private lastSaved: vscode.Uri | null = null;

  /**
   * Opens the playground beside the active editor, or reveals it; `request` loads a model.
   * `preserveFocus` keeps the keyboard where it is (the Lesson tree, for the next chapter).
   */
  static createOrShow(services: PanelServices, request: OpenRequest | null, preserveFocus = false): PlaygroundPanel {
    const existing = PlaygroundPanel.current;
    if (existing) {
      // Beside the file, never over it: a panel that shares the editor's group moves beside it.
      const editor = vscode.window.activeTextEditor?.viewColumn;
      const over = editor !== undefined && existing.panel.viewColumn === editor;
      existing.panel.reveal(over ? vscode.ViewColumn.Beside : undefined, preserveFocus);
      if (request) existing.post({ type: 'open', request });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      PANEL_TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        ...PlaygroundPanel.webviewOptions(services.extensionUri),
        retainContextWhenHidden: true,
      },
    );
    return new PlaygroundPanel(panel, services, { request, state: request ? null : services.memory.get() });
  }

  /**
   * Restores a panel VS Code kept across a window reload. Its saved state and the host's copy can
   * differ (the workbench may not have stored the webview's last state before the reload): the
   * newer one wins.
   */
  static revive(panel: vscode.WebviewPanel, services: PanelServices, state: PlaygroundState | null): PlaygroundPanel {
    PlaygroundPanel.current?.dispose();
    panel.webview.options = PlaygroundPanel.webviewOptions(services.extensionUri);
    return new PlaygroundPanel(panel, services, { request: null, state: newestState(state, services.memory.get()) });
  }

  /** Scripts on; resources only from the extension's own build and media folders. */
  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: PanelServices,
    private startup: Startup,
  ) {
    PlaygroundPanel.current = this;
    this.latestState = startup.state;
    this.dataWatch = new DataFileWatch((message) => this.post(message), services.log);
    this.disposables.push(this.dataWatch);
    panel.iconPath = {
      light: vscode.Uri.joinPath(services.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(services.extensionUri, 'media', 'panel-dark.svg'),
    };
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), null, this.disposables);
    void this.load();
  }

  private async load(): Promise<void> {
    const { extensionUri, log } = this.services;
    const webview = this.panel.webview;
    const base = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    try {
      const read = async (name: string) =>
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(base, 'styles', name)));
      const [app, vegaEmbed, vegaTooltip] = await Promise.all(['app.css', 'vega-embed.css', 'vega-tooltip.css'].map(read));
      webview.html = renderPage({
        cspSource: webview.cspSource,
        nonce: createNonce((bytes) => randomFillSync(bytes)),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'main.js')).toString(),
        baseUri: webview.asWebviewUri(base).toString() + '/',
        styles: { app, vegaEmbed, vegaTooltip },
      });
    } catch (error) {
      log.error(`Could not load the playground page: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(
        'Neural Net Deep Dive: the playground could not be loaded. Is the extension built (npm run build)?',
      );
    }
  }

  /** Sends a message once the webview has said it is ready; earlier ones wait in order. */
  post(message: HostMessage): void {
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview
      .postMessage(message)
      .then(undefined, (error) => this.services.log.warn(`postMessage failed: ${errorMessage(error)}`));
  }

  /** A message from the webview: validated, then handled (malformed ones are logged and dropped). */
  receive(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.services.log.warn(`Ignored a message from the playground: ${checked.error}`);
      return;
    }
    this.handle(checked.value).catch((error) => {
      this.services.log.error(`Handling "${checked.value.type}" failed: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Neural Net Deep Dive: ${errorMessage(error)}`);
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const { actions, memory, log } = this.services;
    switch (message.type) {
      case 'ready': {
        // The first load gets the command's request; a reloaded webview gets the newest state back.
        const { request } = this.startup;
        this.startup = { request: null, state: null };
        this.ready = true;
        void this.panel.webview.postMessage({
          type: 'init',
          settings: this.services.settings(),
          state: request ? null : this.latestState,
          request,
        } satisfies HostMessage);
        for (const queued of this.queue.splice(0)) this.post(queued);
        return;
      }
      case 'chapterShown':
        this.services.lesson?.mark(message.chapter);
        return;
      case 'state':
        this.latestState = message.state;
        this.dataWatch.follow(message.state);
        return memory.remember(message.state);
      case 'copy':
        return actions.copy(message);
      case 'openCode':
        return actions.openCode(message);
      case 'saveImage':
        return this.saved(await actions.saveImage(message), CHART_LABEL);
      case 'pickCsv': {
        const uri = await pickDataFile();
        if (uri) await this.loadDataFile(uri);
        return;
      }
      case 'readDataFile': {
        let uri: vscode.Uri;
        try {
          uri = vscode.Uri.parse(message.path, true);
        } catch {
          log.warn(`readDataFile: not a file URI: ${message.path}`);
          return;
        }
        return sendDataFile(uri, 'reload', (m) => this.post(m), log);
      }
      case 'saveText':
        return this.saved(await saveText(message, log), message.label);
      case 'openSaved':
        if (this.lastSaved) await vscode.commands.executeCommand('vscode.open', this.lastSaved);
        return;
      case 'log':
        log[message.level](`[webview] ${message.message}`);
        return;
      case 'boundEdit':
      case 'boundStatus':
      case 'unbind':
        this.services.binding?.receive(message);
        return;
    }
  }

  /**
   * Says where a save went: in the panel, under the button that asked (a notification toast would
   * cover the panel's lower right, where the Save buttons are), and briefly in the status bar.
   */
  private saved(target: vscode.Uri | undefined, label: string): void {
    if (!target) return;
    this.lastSaved = target;
    const where = vscode.workspace.asRelativePath(target);
    this.post({ type: 'saved', label, where });
    vscode.window.setStatusBarMessage(`$(check) Saved ${label} to ${where}`, 5000);
  }

  /** Sends a data file to the playground for its preview (Load Data, the panel's button). */
  loadDataFile(uri: vscode.Uri): Promise<void> {
    return sendDataFile(uri, 'new', (m) => this.post(m), this.services.log);
  }

  dispose(): void {
    if (PlaygroundPanel.current === this) {
      PlaygroundPanel.current = undefined;
      this.services.binding?.panelClosed();
    }
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
