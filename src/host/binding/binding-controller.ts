// Sliders on the user's own code, on the host's side: the "Sliders" / "Fit" / "Plot" code lenses,
// the nnDeepDive.bindSliders command (a document URI and a position, or the cursor), the one live
// binding with the playground panel (its hints in the editor are binding-hints.ts), and "Plot
// Selection".
import * as vscode from 'vscode';
import { Binding, selectionFormula } from '../../core/binding/scan';
import type { BindingWebviewMessage, BoundModel } from '../../protocol/binding';
import type { HostMessage } from '../../protocol/messages';
import { BoundPlace } from './bound-place';
import { bindingAt, bindingsOf, placeOf, readOnlyReason } from './document-bindings';
import { BindingLensProvider } from './binding-lens';
import { latencySummary } from './latency';
import { BindingHints } from './binding-hints';
import { errorMessage } from '../../core/result';

export const BIND_COMMAND = 'nnDeepDive.bindSliders';
export const FIT_COMMAND = 'nnDeepDive.fitBinding';
export const UNBIND_COMMAND = 'nnDeepDive.unbindSliders';
export const PLOT_SELECTION_COMMAND = 'nnDeepDive.plotSelection';
export const LATENCY_COMMAND = 'nnDeepDive.bindingLatency';
const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** The panel as the binding needs it: opened (or revealed) on demand. */
export type PanelOpener = () => { post(message: HostMessage): void };

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') {
    try {
      return vscode.Uri.parse(value, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toPosition(value: unknown): vscode.Position | undefined {
  if (value instanceof vscode.Position) return value;
  const p = value as { line?: unknown; character?: unknown } | null;
  if (p && Number.isInteger(p.line) && (p.line as number) >= 0)
    return new vscode.Position(p.line as number, Number.isInteger(p.character) ? Math.max(0, p.character as number) : 0);
  return undefined;
}

function short(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export class BindingController implements vscode.Disposable {
  current: BoundPlace | null = null;
  private nextId = 1;
  private readonly latencies: number[] = [];
  private readonly lenses = new BindingLensProvider(this);
  private readonly hints = new BindingHints(() => this.current);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly openPanel: PanelOpener,
    /** The panel if it is open: updates never open it. */
    private readonly panel: () => { post(message: HostMessage): void } | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable {
    this.disposables.push(
      this.lenses,
      ...this.hints.register(LANGUAGES),
      vscode.languages.registerCodeLensProvider(
        LANGUAGES.map((language) => ({ language })),
        this.lenses,
      ),
      vscode.commands.registerCommand(BIND_COMMAND, (uri?: unknown, position?: unknown) => this.bindCommand(uri, position, false)),
      vscode.commands.registerCommand(FIT_COMMAND, (uri?: unknown, position?: unknown) => this.bindCommand(uri, position, true)),
      vscode.commands.registerCommand(UNBIND_COMMAND, () => this.unbind('you unbound it')),
      vscode.commands.registerCommand(PLOT_SELECTION_COMMAND, () => this.plotSelection()),
      vscode.commands.registerCommand(LATENCY_COMMAND, () => latencySummary(this.latencies)),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        const place = this.current;
        if (!place || event.notebook !== place.notebook || event.contentChanges.length === 0) return;
        place.contextChanged();
        this.lenses.refresh();
        if (this.current === place) this.hints.decorate();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.current?.document === document) this.current.end('the document was closed');
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        const bound = this.current;
        if (bound && notebook.getCells().some((cell) => cell.document === bound.document)) bound.end('the notebook was closed');
      }),
    );
    return { dispose: () => this.dispose() };
  }

  /**
   * Follows an edit: of the bound document (its literals move, the decorations go with them), or of
   * another cell of its notebook (a redefinition changes the bound model). The lenses of a notebook's
   * cells depend on its other cells, so they are asked for again.
   */
  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const place = this.current;
    if (place?.document === event.document) place.onChange(event);
    else if (place?.isOtherCell(event.document)) place.contextChanged();
    else if (event.document.uri.scheme !== 'vscode-notebook-cell') return;
    if (event.document.uri.scheme === 'vscode-notebook-cell') this.lenses.refresh();
    if (place && this.current === place) this.hints.decorate();
  }

  private async bindCommand(uriArg: unknown, positionArg: unknown, fit: boolean): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    const uri = toUri(uriArg) ?? editor?.document.uri;
    const position = toPosition(positionArg) ?? (uriArg === undefined ? editor?.selection.active : undefined);
    if (!uri || !position) {
      void vscode.window.showInformationMessage('Put the cursor on a model call such as quad(3, 2, 1, x) to bind the sliders to it.');
      return false;
    }
    const document =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    const bindings = bindingsOf(document).bindings;
    const binding = bindingAt(document, bindings, position);
    if (!binding) {
      void vscode.window.showInformationMessage(
        `No numbers to bind at ${placeOf(document, position.line)}: the sliders bind to a call of a model function with numbers ` +
          '(quad(3, 2, 1, x)), an @interact(…) or a tensor of start values.',
      );
      return false;
    }
    this.start(document, binding, bindings, fit);
    return true;
  }

  private start(document: vscode.TextDocument, binding: Binding, scan: Binding[], fit: boolean): void {
    const previous = this.current;
    this.current = null;
    previous?.end('the sliders were bound to another place');
    const readOnly = readOnlyReason(document);
    const id = this.nextId++;
    const place = new BoundPlace(
      id,
      document,
      binding,
      scan,
      readOnly,
      {
        values: (p, values) =>
          p === this.current && this.panel()?.post({ type: 'boundValues', id: p.id, values, label: short(p.binding.label) }),
        model: (p) => p === this.current && this.panel()?.post({ type: 'bind', binding: this.message(p, false) }),
        ended: (p, reason) => this.ended(p, reason),
        latency: (ms) => this.recordLatency(ms),
      },
      this.log,
    );
    this.current = place;
    this.hints.status = null;
    this.openPanel().post({ type: 'bind', binding: this.message(place, fit) });
    this.log.info(`binding: bound ${place.binding.label} at ${placeOf(document, binding.line)}${readOnly ? ` (${readOnly})` : ''}`);
    this.lenses.refresh();
    this.hints.decorate();
  }

  private message(place: BoundPlace, fit: boolean): BoundModel {
    const b = place.binding;
    return {
      id: place.id,
      kind: b.kind,
      formula: b.formula,
      params: b.params.map((p) => ({
        name: p.name,
        value: p.value,
        writable: !!p.literal && !place.readOnly,
        source: short(p.source, 200),
      })),
      place: placeOf(place.document, b.line),
      label: short(b.label),
      readOnly: place.readOnly,
      fit,
    };
  }

  private ended(place: BoundPlace, reason: string): void {
    if (place !== this.current) return;
    this.current = null;
    this.hints.status = null;
    this.panel()?.post({ type: 'unbound', id: place.id, reason });
    this.log.info(`binding: ended (${reason})${this.latencies.length ? `; ${latencySummary(this.latencies).text}` : ''}`);
    void vscode.window.showWarningMessage(
      `Sliders unbound from ${placeOf(place.document, place.binding.line)}: ${reason}. Nothing more is written there.`,
    );
    this.lenses.refresh();
    this.hints.decorate();
  }

  /** Ends the binding without a warning (the user asked for it). */
  unbind(reason: string): void {
    const place = this.current;
    if (!place) return;
    this.current = null;
    place.end(reason);
    this.panel()?.post({ type: 'unbound', id: place.id, reason });
    this.hints.status = null;
    this.lenses.refresh();
    this.hints.decorate();
  }

  /** The playground was closed: the binding goes with it. */
  panelClosed(): void {
    const place = this.current;
    if (!place) return;
    this.current = null;
    place.end('the playground was closed');
    this.lenses.refresh();
    this.hints.decorate();
  }

  receive(message: BindingWebviewMessage): void {
    const place = this.current;
    if (!place || message.id !== place.id) return;
    switch (message.type) {
      case 'boundEdit':
        void place
          .write({ values: message.values, steps: message.steps, phase: message.phase, movedAt: message.movedAt })
          .catch((error) => {
            this.log.error(`binding: writing failed: ${errorMessage(error)}`);
          });
        return;
      case 'boundStatus':
        this.hints.status = { lossName: message.lossName, loss: message.loss, grad: message.grad };
        this.hints.decorate();
        return;
      case 'unbind':
        this.current = null;
        place.end('unbound in the playground');
        this.hints.status = null;
        this.lenses.refresh();
        this.hints.decorate();
        return;
    }
  }

  private recordLatency(ms: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > 10_000) this.latencies.splice(0, this.latencies.length - 10_000);
    if (this.latencies.length % 50 === 0) this.log.info(`binding: ${latencySummary(this.latencies).text}`);
  }

  private plotSelection(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Select a formula (such as 3*x**2 + 2*x + 1) to plot it in the playground.');
      return;
    }
    const document = editor.document;
    const selected = document.getText(editor.selection);
    const found = selectionFormula(selected, document.languageId, document.getText());
    if (!found.ok) {
      void vscode.window.showErrorMessage(`Plot Selection: ${found.error}`);
      return;
    }
    this.unbind('a selection is plotted instead');
    this.openPanel().post({
      type: 'bind',
      binding: {
        id: this.nextId++,
        kind: 'selection',
        formula: found.formula,
        params: found.names.map((name) => ({ name, value: 1, writable: false, source: name })),
        place: placeOf(document, editor.selection.start.line),
        label: short(selected),
        readOnly: 'a selection: the sliders do not write into the code',
        fit: false,
      },
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
