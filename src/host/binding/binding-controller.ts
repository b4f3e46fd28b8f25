// Sliders on the user's own code, on the host's side: the "Sliders" / "Fit" / "Plot" code lenses,
// the nnDeepDive.bindSliders command (a document URI and a position, or the cursor), the one live
// binding with the playground panel, the gradient shown after each bound literal, its hover, and
// "Plot Selection".
import * as vscode from 'vscode';
import { Binding, selectionFormula } from '../../core/binding/scan';
import type { BindingWebviewMessage, BoundModel } from '../../protocol/binding';
import type { HostMessage } from '../../protocol/messages';
import { BoundPlace } from './bound-place';
import { bindingAt, bindingsOf, placeOf, readOnlyReason } from './document-bindings';
import { BindingLensProvider } from './binding-lens';
import { latencySummary } from './latency';
import { errorMessage } from '../../core/result';

export const BIND_COMMAND = 'nnDeepDive.bindSliders';
export const FIT_COMMAND = 'nnDeepDive.fitBinding';
export const UNBIND_COMMAND = 'nnDeepDive.unbindSliders';
export const PLOT_SELECTION_COMMAND = 'nnDeepDive.plotSelection';
export const LATENCY_COMMAND = 'nnDeepDive.bindingLatency';
const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];
const LOSS_LABELS = { mae: 'MAE', mse: 'MSE' } as const;

interface Status {
  lossName: 'mae' | 'mse';
  loss: number | null;
  grad: Array<number | null>;
}

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
  private status: Status | null = null;
  private readonly latencies: number[] = [];
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 1.5ch', fontStyle: 'italic' },
  });
  private readonly lenses = new BindingLensProvider(this);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly openPanel: PanelOpener,
    /** The panel if it is open: updates never open it. */
    private readonly panel: () => { post(message: HostMessage): void } | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable {
    this.disposables.push(
      this.decoration,
      this.lenses,
      vscode.languages.registerCodeLensProvider(
        LANGUAGES.map((language) => ({ language })),
        this.lenses,
      ),
      vscode.languages.registerHoverProvider(
        LANGUAGES.map((language) => ({ language })),
        { provideHover: (document, position) => this.hover(document, position) },
      ),
      vscode.commands.registerCommand(BIND_COMMAND, (uri?: unknown, position?: unknown) => this.bindCommand(uri, position, false)),
      vscode.commands.registerCommand(FIT_COMMAND, (uri?: unknown, position?: unknown) => this.bindCommand(uri, position, true)),
      vscode.commands.registerCommand(UNBIND_COMMAND, () => this.unbind('you unbound it')),
      vscode.commands.registerCommand(PLOT_SELECTION_COMMAND, () => this.plotSelection()),
      vscode.commands.registerCommand(LATENCY_COMMAND, () => latencySummary(this.latencies)),
      vscode.workspace.onDidChangeTextDocument((event) => this.current?.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.current?.document === document) this.current.end('the document was closed');
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        const bound = this.current;
        if (bound && notebook.getCells().some((cell) => cell.document === bound.document)) bound.end('the notebook was closed');
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('nnDeepDive.binding.showGradient')) this.decorate();
      }),
    );
    return { dispose: () => this.dispose() };
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
        `No numbers to bind at ${placeOf(document, position.line)}: the sliders bind to a call of a model function with numbers (quad(3, 2, 1, x)), an @interact(…) or a tensor of start values.`,
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
        values: (p, values) => p === this.current && this.panel()?.post({ type: 'boundValues', id: p.id, values }),
        model: (p) => p === this.current && this.panel()?.post({ type: 'bind', binding: this.message(p, false) }),
        ended: (p, reason) => this.ended(p, reason),
        latency: (ms) => this.recordLatency(ms),
      },
      this.log,
    );
    this.current = place;
    this.status = null;
    this.openPanel().post({ type: 'bind', binding: this.message(place, fit) });
    this.log.info(`binding: bound ${place.binding.label} at ${placeOf(document, binding.line)}${readOnly ? ` (${readOnly})` : ''}`);
    this.lenses.refresh();
    this.decorate();
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
    this.status = null;
    this.panel()?.post({ type: 'unbound', id: place.id, reason });
    this.log.info(`binding: ended (${reason})${this.latencies.length ? `; ${latencySummary(this.latencies).text}` : ''}`);
    void vscode.window.showWarningMessage(
      `Sliders unbound from ${placeOf(place.document, place.binding.line)}: ${reason}. Nothing more is written there.`,
    );
    this.lenses.refresh();
    this.decorate();
  }

  /** Ends the binding without a warning (the user asked for it). */
  unbind(reason: string): void {
    const place = this.current;
    if (!place) return;
    this.current = null;
    place.end(reason);
    this.panel()?.post({ type: 'unbound', id: place.id, reason });
    this.status = null;
    this.lenses.refresh();
    this.decorate();
  }

  /** The playground was closed: the binding goes with it. */
  panelClosed(): void {
    const place = this.current;
    if (!place) return;
    this.current = null;
    place.end('the playground was closed');
    this.lenses.refresh();
    this.decorate();
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
        this.status = { lossName: message.lossName, loss: message.loss, grad: message.grad };
        this.decorate();
        return;
      case 'unbind':
        this.current = null;
        place.end('unbound in the playground');
        this.status = null;
        this.lenses.refresh();
        this.decorate();
        return;
    }
  }

  private recordLatency(ms: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > 10_000) this.latencies.splice(0, this.latencies.length - 10_000);
    if (this.latencies.length % 50 === 0) this.log.info(`binding: ${latencySummary(this.latencies).text}`);
  }

  /** `∂MAE/∂a = -1.35 ↑`: the gradient after each bound literal, the arrow the way that lowers the loss. */
  private gradientText(index: number): string | null {
    const status = this.status;
    const place = this.current;
    if (!status || !place) return null;
    const grad = status.grad[index];
    const name = place.binding.params[index]?.name;
    if (grad === null || grad === undefined || name === undefined) return null;
    const arrow = Math.abs(grad) < 1e-9 ? '·' : grad < 0 ? '↑' : '↓';
    return `∂${LOSS_LABELS[status.lossName]}/∂${name} = ${grad.toFixed(2)} ${arrow}`;
  }

  private decorate(): void {
    const place = this.current;
    const show = vscode.workspace.getConfiguration('nnDeepDive').get<boolean>('binding.showGradient', true);
    for (const editor of vscode.window.visibleTextEditors) {
      if (!place || editor.document !== place.document || !show) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      const ranges = place.ranges();
      const options: vscode.DecorationOptions[] = [];
      ranges.forEach((range, i) => {
        const text = this.gradientText(i);
        if (range && text) options.push({ range, renderOptions: { after: { contentText: text } } });
      });
      editor.setDecorations(this.decoration, options);
    }
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const place = this.current;
    if (!place || document !== place.document) return undefined;
    const ranges = place.ranges();
    const index = ranges.findIndex((r) => r?.contains(position));
    if (index < 0) return undefined;
    const param = place.binding.params[index];
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${param.name}** is bound to the Neural Net playground's slider.\n\n`);
    const status = this.status;
    const grad = status?.grad[index];
    if (status && status.loss !== null) md.appendMarkdown(`${LOSS_LABELS[status.lossName]} = ${status.loss.toFixed(4)}`);
    if (grad !== null && grad !== undefined && status) {
      const way =
        Math.abs(grad) < 1e-9
          ? 'the loss is flat in this direction'
          : `${grad < 0 ? 'increasing' : 'decreasing'} ${param.name} improves the fit`;
      md.appendMarkdown(` · ∂${LOSS_LABELS[status.lossName]}/∂${param.name} = ${grad.toFixed(4)}: ${way}.`);
    }
    return new vscode.Hover(md, ranges[index]!);
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
