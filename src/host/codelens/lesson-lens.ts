// "Open in Neural Net playground" above the lesson's model functions in Python files.
import * as vscode from 'vscode';
import { findLessonFunctions } from './lesson-functions';

export const OPEN_MODEL_COMMAND = 'nnDeepDive.openModel';

export class LessonCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return findLessonFunctions(document.getText()).map(
      (fn) =>
        new vscode.CodeLens(new vscode.Range(fn.line, fn.start, fn.line, fn.end), {
          title: 'Open in Neural Net playground',
          tooltip: `Fit the lesson's ${fn.name} model to data in the Neural Net Deep Dive playground`,
          command: OPEN_MODEL_COMMAND,
          arguments: [fn.request],
        }),
    );
  }
}

export function registerLessonCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ language: 'python' }, new LessonCodeLensProvider());
}
