// What the binding shows in the editor while it is bound: the gradient after each bound literal
// (`∂MAE/∂a = -1.35 ↑`, the arrow the way that lowers the loss; themed as code lens text; toggled by
// nnDeepDive.binding.showGradient or its command), and a hover on a bound literal with the loss
// and which way improves the fit.
import * as vscode from 'vscode';
import type { BoundPlace } from './bound-place';

export const TOGGLE_GRADIENT_COMMAND = 'nnDeepDive.toggleGradientHints';
const SHOW_GRADIENT = 'binding.showGradient';
const LOSS_LABELS = { mae: 'MAE', mse: 'MSE' } as const;

/** The loss and gradient the panel last reported for the bound parameters. */
export interface BoundStatus {
  lossName: 'mae' | 'mse';
  loss: number | null;
  grad: Array<number | null>;
}

export class BindingHints {
  status: BoundStatus | null = null;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 1.5ch', fontStyle: 'italic' },
  });

  constructor(private readonly bound: () => BoundPlace | null) {}

  register(languages: readonly string[]): vscode.Disposable[] {
    return [
      this.decoration,
      vscode.languages.registerHoverProvider(
        languages.map((language) => ({ language })),
        { provideHover: (document, position) => this.hover(document, position) },
      ),
      vscode.commands.registerCommand(TOGGLE_GRADIENT_COMMAND, () => this.toggleGradientHints()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`nnDeepDive.${SHOW_GRADIENT}`)) this.decorate();
      }),
    ];
  }

  /** `∂MAE/∂a = -1.35 ↑`: the gradient after each bound literal, the arrow the way that lowers the loss. */
  private gradientText(index: number): string | null {
    const status = this.status;
    const place = this.bound();
    if (!status || !place) return null;
    const grad = status.grad[index];
    const name = place.binding.params[index]?.name;
    if (grad === null || grad === undefined || name === undefined) return null;
    const arrow = Math.abs(grad) < 1e-9 ? '·' : grad < 0 ? '↑' : '↓';
    return `∂${LOSS_LABELS[status.lossName]}/∂${name} = ${grad.toFixed(2)} ${arrow}`;
  }

  decorate(): void {
    const place = this.bound();
    const show = vscode.workspace.getConfiguration('nnDeepDive').get<boolean>(SHOW_GRADIENT, true);
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

  /** Flips nnDeepDive.binding.showGradient where it is set (the workspace's settings if they set it, else the user's). */
  private async toggleGradientHints(): Promise<void> {
    const config = vscode.workspace.getConfiguration('nnDeepDive');
    const inspected = config.inspect<boolean>(SHOW_GRADIENT);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update(SHOW_GRADIENT, !config.get<boolean>(SHOW_GRADIENT, true), target);
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const place = this.bound();
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
}
