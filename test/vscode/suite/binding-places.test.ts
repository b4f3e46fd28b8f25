// Sliders on places that need care, in the real VS Code API: a read-only document is shown but
// never written; a computed argument (`quad(a0*2, …)`) is a slider that is never written while the
// literals beside it are; CRLF documents keep their line ends; the hover on a bound literal gives
// the loss and which way improves the fit, and nothing elsewhere.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { api, bindAt, closeAll, lineStarting, report, slide, untitledLesson } from './binding-helpers';

const SCHEME = 'nn-readonly-test';

/** A read-only file system holding one file, as a user meets a read-only document (a git revision, a package). */
function readOnlyFileSystem(content: string): vscode.Disposable {
  const bytes = new TextEncoder().encode(content);
  const stat: vscode.FileStat = { type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length };
  const never = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  return vscode.workspace.registerFileSystemProvider(
    SCHEME,
    {
      onDidChangeFile: never.event,
      watch: () => new vscode.Disposable(() => undefined),
      stat: () => stat,
      readDirectory: () => [],
      createDirectory: () => {
        throw vscode.FileSystemError.NoPermissions();
      },
      readFile: () => bytes,
      writeFile: () => {
        throw vscode.FileSystemError.NoPermissions();
      },
      delete: () => {
        throw vscode.FileSystemError.NoPermissions();
      },
      rename: () => {
        throw vscode.FileSystemError.NoPermissions();
      },
    },
    { isReadonly: true },
  );
}

async function settle(ms = 400): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('sliders bound to code: read-only, computed, CRLF, hover', function () {
  this.timeout(60000);
  after(closeAll);

  it('shows a read-only document but never writes into it', async () => {
    await closeAll();
    const source = 'def quad(a, b, c, x): return a*x**2 + b*x + c\n\nquad(3, 2, 1, 1.5)\n';
    const registration = readOnlyFileSystem(source);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/lesson.py' }));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      const bound = await bindAt(editor, 'quad(3, 2, 1, 1.5)');
      const binding = await api();
      assert.match(binding.current?.readOnly ?? '', /read-only/, 'the binding says it is read-only');
      slide(binding, bound.id, [5, 5, 5], 'end');
      await settle();
      assert.strictEqual(document.getText(), source, 'a read-only document was written');
      assert.strictEqual(document.isDirty, false);
      binding.receive({ type: 'unbind', id: bound.id });
    } finally {
      registration.dispose();
    }
  });

  it('binds a computed argument as a slider that is shown but never written', async () => {
    const editor = await untitledLesson();
    const line = lineStarting(editor.document, 'quad(3, 2, 1, 1.5)');
    await editor.edit((b) => b.replace(editor.document.lineAt(line).range, 'a0 = 1.5\nquad(a0*2, 2, 1, 1.5)'));
    const bound = await bindAt(editor, 'quad(a0*2, 2, 1, 1.5)');
    const binding = await api();
    assert.deepStrictEqual(
      binding.current!.binding.params.map((p) => [p.name, p.literal?.text ?? null, p.source]),
      [
        ['a', null, 'a0*2'],
        ['b', '2', '2'],
        ['c', '1', '1'],
      ],
    );
    slide(binding, bound.id, [7, 2.5, 1], 'end');
    await waitFor('the edit of b', () => editor.document.getText().includes('quad(a0*2, 2.5, 1, 1.5)'));
    assert.ok(editor.document.getText().includes('a0 = 1.5\n'), 'the computed argument was left alone');
  });

  it('writes into a CRLF document keeping every line end, and one undo restores it', async () => {
    const editor = await untitledLesson();
    await editor.edit((b) => b.setEndOfLine(vscode.EndOfLine.CRLF));
    const original = editor.document.getText();
    assert.ok(original.includes('\r\n') && !/[^\r]\n/.test(original), 'the document is CRLF');
    const bound = await bindAt(editor, 'f2 = mk_quad(3, 2, 1)');
    const binding = await api();
    slide(binding, bound.id, [2.75, -0.5, 1], 'drag');
    slide(binding, bound.id, [2.5, -0.25, 1.125], 'end');
    const expected = original.replace('f2 = mk_quad(3, 2, 1)', 'f2 = mk_quad(2.5, -0.25, 1.125)');
    await waitFor('the CRLF edit', () => editor.document.getText() === expected);
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo', () => editor.document.getText() === original);
  });

  it('hovers a bound literal with the loss and the way that improves the fit, and nothing elsewhere', async () => {
    const editor = await untitledLesson();
    const bound = await bindAt(editor, 'quad(3, 2, 1, 1.5)');
    const binding = await api();
    report(binding, bound.id, 2.0634, [1.436, -0.25, 0]);
    const line = lineStarting(editor.document, 'quad(3, 2, 1, 1.5)');
    const hoverAt = async (character: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(line, character),
      );
      return hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
        .filter((t) => t.includes('playground'))
        .join('\n');
    };
    const onA = await hoverAt(5);
    assert.match(onA, /\*\*a\*\* is bound/);
    assert.match(onA, /MAE = 2\.0634/);
    assert.match(onA, /∂MAE\/∂a = 1\.4360: decreasing a improves the fit/);
    assert.match(await hoverAt(8), /∂MAE\/∂b = -0\.2500: increasing b improves the fit/);
    assert.match(await hoverAt(11), /the loss is flat in this direction/);
    assert.strictEqual(await hoverAt(1), '', 'a hover off the literals');
    binding.receive({ type: 'unbind', id: bound.id });
    assert.strictEqual(await hoverAt(5), '', 'a hover after unbinding');
  });
});
