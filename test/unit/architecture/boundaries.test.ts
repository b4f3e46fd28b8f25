// The layout's boundaries are lint rules (eslint.config.mjs): an import that crosses one fails
// `npm run lint`, and so the typecheck tier of `npm test`; so does a line over 160 characters. These
// tests lint deliberately broken files at real paths in the tree (text only, nothing is written)
// and expect the rule to fire.
import * as assert from 'node:assert/strict';
import { fromRoot } from '../../repo-root';

interface LintMessage {
  ruleId: string | null;
  message: string;
}
interface LintResult {
  messages: LintMessage[];
}
interface ESLintLike {
  lintText(code: string, options: { filePath: string }): Promise<LintResult[]>;
}

async function lint(path: string, code: string): Promise<LintMessage[]> {
  // eslint is an ES module with a CommonJS entry; load it at run time so this file stays CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ESLint } = require('eslint') as { ESLint: new (options: { cwd: string }) => ESLintLike };
  const eslint = new ESLint({ cwd: fromRoot() });
  const [result] = await eslint.lintText(code, { filePath: fromRoot(...path.split('/')) });
  return result.messages;
}

const restricted = (messages: LintMessage[], rule: string) => messages.filter((m) => m.ruleId === rule);

describe('architecture boundaries (ESLint)', function () {
  this.timeout(60_000);

  it('core may not import vscode, the host, the protocol or the webview', async () => {
    const code = [
      "import * as vscode from 'vscode';",
      "import { PlaygroundPanel } from '../../host/panel/playground-panel';",
      "import { VIEW_TYPE } from '../../protocol/messages';",
      "import { Playground } from '../../../webview/app/playground';",
      'export const all = [vscode, PlaygroundPanel, VIEW_TYPE, Playground];',
      '',
    ].join('\n');
    const messages = restricted(await lint('src/core/eval/broken-import.ts', code), 'no-restricted-imports');
    assert.equal(messages.length, 4, messages.map((m) => m.message).join('\n'));
  });

  it('core may not touch the browser globals', async () => {
    const code = 'export const width = (): number => window.innerWidth + document.body.clientWidth;\n';
    const messages = restricted(await lint('src/core/broken-global.ts', code), 'no-restricted-globals');
    assert.equal(messages.length, 2);
  });

  it('the webview may not import the host', async () => {
    const code = "import { PlaygroundPanel } from '../../src/host/panel/playground-panel';\nexport const p = PlaygroundPanel;\n";
    const messages = restricted(await lint('webview/app/broken-import.ts', code), 'no-restricted-imports');
    assert.equal(messages.length, 1);
    assert.match(messages[0].message, /host/);
  });

  it('the host may not import the webview', async () => {
    const code = "import { Playground } from '../../../webview/app/playground';\nexport const p = Playground;\n";
    const messages = restricted(await lint('src/host/panel/broken-import.ts', code), 'no-restricted-imports');
    assert.equal(messages.length, 1);
  });

  it('a line over 160 characters fails, whatever it holds (code, a string, a template, a comment); 160 pass', async () => {
    /** The line `make` writes, made `length` characters long with a filler of x's. */
    const at = (length: number, make: (filler: string) => string) => make('x'.repeat(length - make('').length));
    const lines = [
      at(161, (s) => `export const x${s} = 1 + 2;`),
      at(161, (s) => `export const text = '${s}';`),
      at(161, (s) => `export const template = \`\${1}${s}\`;`),
      at(161, (s) => `// ${s}`),
    ];
    for (const line of lines) {
      assert.equal(line.length, 161);
      const messages = restricted(await lint('src/core/long-line.ts', `${line}\n`), 'max-len');
      assert.equal(messages.length, 1, line);
    }
    const fits = at(160, (s) => `export const text = '${s}';`);
    assert.deepEqual(restricted(await lint('src/core/long-line.ts', `${fits}\n`), 'max-len'), []);
  });

  it('imports that respect the layout pass', async () => {
    const webview = "import { compileFormula } from '../../src/core/formula/compile';\nexport const c = compileFormula;\n";
    assert.deepEqual(restricted(await lint('webview/app/fine-import.ts', webview), 'no-restricted-imports'), []);
    const host = "import { VIEW_TYPE } from '../../protocol/messages';\nexport const v = VIEW_TYPE;\n";
    assert.deepEqual(restricted(await lint('src/host/panel/fine-import.ts', host), 'no-restricted-imports'), []);
  });
});
