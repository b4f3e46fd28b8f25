// The code lens over the lesson's Python: a lens above each model function the playground can
// fit (quad / mk_quad, rectified_linear, double_relu), and none elsewhere.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateProduct, lessonUri } from './helpers';

/** The playground preset a lens opens: from a Fit command, or from nnDeepDive.openModel's argument. */
function presetOf(lens: vscode.CodeLens): string | undefined {
  const command = lens.command;
  if (!command) return undefined;
  const byCommand: Record<string, string> = {
    'nnDeepDive.fitQuadratic': 'quadratic',
    'nnDeepDive.fitRelu': 'relu',
    'nnDeepDive.fitDoubleRelu': 'doubleRelu',
  };
  if (command.command in byCommand) return byCommand[command.command];
  const argument = command.arguments?.[0] as { preset?: string } | undefined;
  return command.command === 'nnDeepDive.openModel' ? argument?.preset : undefined;
}

describe('code lens on the lesson code', () => {
  it('offers the matching playground above quad, mk_quad, rectified_linear and double_relu in lesson.py, and nowhere else', async () => {
    await activateProduct();
    const document = await vscode.workspace.openTextDocument(lessonUri());
    await vscode.window.showTextDocument(document);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
    // The binding lenses (Sliders, Fit, Plot, Unbind) have their own suite (binding.test.ts).
    const binding = new Set(['nnDeepDive.bindSliders', 'nnDeepDive.fitBinding', 'nnDeepDive.unbindSliders']);
    const ours = lenses.filter((lens) => lens.command?.command.startsWith('nnDeepDive.') && !binding.has(lens.command.command));
    assert.ok(
      ours.length > 0,
      `no nnDeepDive code lens in lesson.py (${lenses.length} lens(es) from other providers): the code lens provider is missing`,
    );
    const lines = document.getText().split(/\r?\n/);
    const lineOf = (text: string) => lines.findIndex((line) => line.startsWith(text));
    const expected: [string, string][] = [
      ['def quad(', 'quadratic'],
      ['def mk_quad(', 'quadratic'],
      ['def rectified_linear(', 'relu'],
      ['def double_relu(', 'doubleRelu'],
    ];
    const describe = (lens: vscode.CodeLens) =>
      `line ${lens.range.start.line + 1}: ${lens.command?.command}(${JSON.stringify(lens.command?.arguments ?? [])})`;
    for (const [text, preset] of expected) {
      const line = lineOf(text);
      assert.ok(line >= 0, `lesson.py has no "${text}"`);
      const found = ours.find((lens) => lens.range.start.line === line && presetOf(lens) === preset);
      assert.ok(
        found,
        `no lens opening the ${preset} playground on line ${line + 1} ("${text}"); lenses: ${ours.map(describe).join('; ')}`,
      );
      assert.ok(found.command?.title, 'the lens has no title');
    }
    const expectedLines = new Set(expected.map(([text]) => lineOf(text)));
    const stray = ours.filter((lens) => !expectedLines.has(lens.range.start.line));
    assert.deepStrictEqual(stray.map(describe), [], 'lenses on lines that define no lesson model');
  });
});
