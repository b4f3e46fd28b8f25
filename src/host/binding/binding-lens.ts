// The code lenses above each bindable place: "Sliders" and "Fit" (or "Plot" for a plain function
// of x), and "Bound · Unbind" above the place the playground is bound to.
import * as vscode from 'vscode';
import { bindingsOf } from './document-bindings';

export interface BoundInfo {
  readonly current: { document: vscode.TextDocument; binding: { start: number } } | null;
}

export class BindingLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly bound: BoundInfo) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const current = this.bound.current;
    for (const b of bindingsOf(document).bindings) {
      const start = document.positionAt(b.start);
      const range = new vscode.Range(start, start);
      const args = [document.uri, { line: start.line, character: start.character }];
      if (current && current.document === document && current.binding.start === b.start) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(link) Bound to the playground · Unbind',
            tooltip: 'Stop writing the sliders into this code',
            command: 'nnDeepDive.unbindSliders',
          }),
        );
        continue;
      }
      if (b.kind === 'plot') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(graph-line) Plot',
            tooltip: `Plot ${b.callee} over the lesson's data in the playground`,
            command: 'nnDeepDive.bindSliders',
            arguments: args,
          }),
        );
        continue;
      }
      const names = b.params.map((p) => p.name).join(', ');
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(settings) Sliders',
          tooltip: `Sliders for ${names}, written back into this code as you drag`,
          command: 'nnDeepDive.bindSliders',
          arguments: args,
        }),
        new vscode.CodeLens(range, {
          title: '$(play) Fit',
          tooltip: `Fit ${names} to the data by gradient descent and write the fitted values here`,
          command: 'nnDeepDive.fitBinding',
          arguments: args,
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
