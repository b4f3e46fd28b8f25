// The PyTorch export never lets user text become code: whatever the CSV file name or the data
// formula, every line outside comments and strings is one the exporter wrote (the code skeleton
// equals the one for a plain name). Parameter names that are Python keywords are renamed, and
// the renamed script runs under real torch (pending where torch is missing).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { generateData, NOTEBOOK_SETTINGS } from '../../../src/core/data/generate';
import { float32Function } from '../../../src/core/formula/pointwise';
import { customModel, ModelSetup, presetModel } from '../../../src/core/model/presets';
import type { DataState } from '../../../src/protocol/state';
import { INLINE_POINTS, pytorchScript } from '../../../webview/export/pytorch';
import { PYTHON_KEYWORDS, pyString } from '../../../webview/export/python-text';
import { runPythonScript, torchPython } from '../../torch-python';
import { engineLossLines, LOOP_TRAIN } from './export-fixture';

/**
 * The script with every comment removed and every string literal's content replaced by `S`: what
 * Python executes. Lines end at \n, \r or \r\n, as Python's tokenizer has them.
 */
function codeSkeleton(script: string): string {
  let out = '';
  for (let i = 0; i < script.length;) {
    const ch = script[i];
    if (ch === '#') {
      while (i < script.length && script[i] !== '\n' && script[i] !== '\r') i++;
    } else if (ch === "'" || ch === '"') {
      const quote = ch;
      i++;
      while (i < script.length && script[i] !== quote) {
        assert.ok(
          script[i] !== '\n' && script[i] !== '\r',
          `a string literal spans a line break near ${JSON.stringify(script.slice(i - 20, i + 20))}`,
        );
        i += script[i] === '\\' ? 2 : 1;
      }
      i++;
      out += `${quote}S${quote}`;
    } else {
      out += ch === '\r' ? '\n' : ch;
      i++;
    }
  }
  return out;
}

const HOSTILE = [
  'data.csv\nimport os; os.system("id")\n#',
  'data.csv\rimport os\r',
  'it\'s \\" "; import os #',
  'a\u2028b\u2029c\u0085d\u000be\u000cf',
  "'''\n__import__('os').system('id')\n'''",
  'x\x00y',
  '😀 données.csv',
];

function scriptFor(name: string, rows: number, setup: ModelSetup = presetModel('quadratic')): string {
  const x = Array.from({ length: rows }, (_, i) => i / 10);
  const data: DataState = { kind: 'csv', name, x, y: x.map((v) => 2 * v + 1) };
  return pytorchScript({ program: setup.program, init: setup.init, data, train: LOOP_TRAIN, steps: 10 });
}

describe('PyTorch export: user text is escaped, never code', () => {
  for (const name of HOSTILE) {
    for (const rows of [5, INLINE_POINTS + 1]) {
      it(`file name ${JSON.stringify(name)} (${rows > INLINE_POINTS ? 'read from the file' : 'inline data'}) adds no line of code`, () => {
        const hostile = scriptFor(name, rows);
        const plain = scriptFor('data.csv', rows);
        assert.strictEqual(codeSkeleton(hostile), codeSkeleton(plain));
        for (const line of hostile.split(/\r\n|\r|\n/)) assert.ok(!/^\s*import os/.test(line), line);
      });
    }
  }

  it('a data formula that does not compile is a string in an error, not code', () => {
    const fn = 'x\nimport os; os.system("id")';
    const setup = presetModel('quadratic');
    const script = pytorchScript({
      program: setup.program,
      init: setup.init,
      data: { kind: 'generator', settings: { ...NOTEBOOK_SETTINGS, fn } },
      train: LOOP_TRAIN,
      steps: 10,
    });
    const plain = pytorchScript({
      program: setup.program,
      init: setup.init,
      data: { kind: 'generator', settings: { ...NOTEBOOK_SETTINGS, fn: 'x +' } },
      train: LOOP_TRAIN,
      steps: 10,
    });
    assert.strictEqual(codeSkeleton(script), codeSkeleton(plain));
    assert.match(script, /def f\(x\): raise ValueError\('the data function x\\x0aimport os/);
  });

  it('pyString escapes everything outside printable ASCII and reads back (checked by Python where present)', () => {
    assert.strictEqual(pyString("a\nb'c\\"), "'a\\nb\\'c\\\\'".replace('\\n', '\\x0a'));
    const python = torchPython() ?? '/usr/bin/python3';
    if (!fs.existsSync(python) && python === '/usr/bin/python3') return;
    const literals = HOSTILE.filter((t) => !t.includes('\x00'));
    const printed = execFileSync(python, ['-c', `import json; print(json.dumps([${literals.map(pyString).join(', ')}]))`], {
      encoding: 'utf8',
    });
    assert.deepStrictEqual(JSON.parse(printed), literals);
  });

  it('renames Python keywords and names the script uses, and says so in a comment', () => {
    const formula = 'lambda*x**2 + None*x + def + class*abs(x) + True + torch*0 + params + model*0';
    const setup = customModel(formula) as ModelSetup;
    const script = pytorchScript({
      program: setup.program,
      init: setup.init,
      data: { kind: 'generator', settings: NOTEBOOK_SETTINGS },
      train: LOOP_TRAIN,
      steps: 10,
    });
    assert.match(
      script,
      new RegExp(
        /# Renamed for Python \(a keyword, or a name this script uses\): /.source +
          /lambda -> lambda_, None -> None_, def -> def_, class -> class_, True -> True_, torch -> torch_, params -> params_, model -> model_/
            .source,
      ),
    );
    assert.match(script, /lambda_, None_, def_, class_, True_, torch_, params_, model_ = params/);
    for (const keyword of PYTHON_KEYWORDS)
      assert.ok(!new RegExp(`(^|[^\\w.])${keyword}\\s*[,=*+]`, 'm').test(script.replace(/#.*$/gm, '')), keyword);
  });

  it('the renamed script runs under real torch and reproduces the playground losses (pending without torch)', function () {
    const python = torchPython();
    if (!python) this.skip();
    this.timeout(120_000);
    const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
    const cases: [string, DataState][] = [
      ['lambda*x**2 + None*x + def + 0*class + 0*True + 0*torch', { kind: 'generator', settings: NOTEBOOK_SETTINGS }],
      [
        'torch.clip(import*x + params, 0.) + if',
        { kind: 'csv', name: 'data.csv\nimport os; os.system("echo INJECTED")\n#', x: Array.from(data.x), y: Array.from(data.y) },
      ],
    ];
    for (const [formula, dataState] of cases) {
      const setup = customModel(formula, {}, {}, 0.5) as ModelSetup;
      const printed = runPythonScript(
        python!,
        pytorchScript({ program: setup.program, init: setup.init, data: dataState, train: LOOP_TRAIN, steps: 10 }),
      );
      assert.deepStrictEqual(printed, engineLossLines(setup, data, LOOP_TRAIN, 10), formula);
    }
  });
});
