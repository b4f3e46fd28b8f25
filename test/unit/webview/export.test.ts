// The PyTorch export: valid Python from any compiled formula, the lesson's loop, and (where python3
// with torch is installed) the script really reproduces the playground's losses.
import * as assert from 'assert';
import { generateData, NOTEBOOK_SETTINGS } from '../../../src/core/data/generate';
import { compileFormula } from '../../../src/core/formula/compile';
import { float32Function } from '../../../src/core/formula/pointwise';
import { customModel, ModelSetup, presetModel } from '../../../src/core/model/presets';
import type { TrainControls } from '../../../src/protocol/state';
import { parametersJson, pythonExpression, pytorchScript } from '../../../webview/export/pytorch';
import { runPythonScript, torchPython } from '../../torch-python';
import { engineLossLines, LOOP_TRAIN } from './export-fixture';

const expr = (formula: string, vectors: Record<string, number> = {}) => {
  const compiled = compileFormula(formula, { vectors });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return pythonExpression(compiled.program);
};

const lessonData = { kind: 'generator' as const, settings: NOTEBOOK_SETTINGS };

describe('PyTorch export', () => {
  it('prints formulas as Python with the right precedence and torch functions', () => {
    assert.strictEqual(expr('a*x**2 + b*x + c'), 'a*x**2 + b*x + c');
    assert.strictEqual(expr('torch.clip(m*x + b, 0.)'), 'torch.clip(m*x + b, 0)');
    assert.strictEqual(expr('-x**2'), '-x**2');
    assert.strictEqual(expr('(-x)**2'), '(-x)**2');
    assert.strictEqual(expr('a - (b - x)'), 'a - (b - x)');
    assert.strictEqual(expr('a / (b * x)'), 'a/(b*x)');
    assert.strictEqual(expr('(a + b) * x'), '(a + b)*x');
    assert.strictEqual(expr('2 ** -x'), '2**-x');
    assert.strictEqual(expr('(x ** 2) ** a'), '(x**2)**a');
    assert.strictEqual(expr('Math.exp(-a*x) * sin(b*x)'), 'torch.exp(-a*x)*torch.sin(b*x)');
    assert.strictEqual(expr('max(a, x)'), 'torch.maximum(a, x)');
    assert.strictEqual(expr('max(x, 1.5)'), 'torch.maximum(x, torch.tensor(1.5))');
    assert.strictEqual(expr('clip(x, max=2)'), 'torch.clip(x, max=2)');
    assert.strictEqual(expr('sum(relu(m*x + b))', { m: 4, b: 4 }), 'torch.relu(m*x + b).sum(-1, keepdim=True)');
    assert.strictEqual(expr('sum(m*x + b)', { m: 4, b: 4 }), '(m*x + b).sum(-1, keepdim=True)');
  });

  it("writes the lesson's data, loss and loop; zeroes the gradient unless accumulating", () => {
    const setup = presetModel('quadratic');
    const script = pytorchScript({ program: setup.program, init: setup.init, data: lessonData, train: LOOP_TRAIN, steps: 3 });
    assert.match(script, /def f\(x\): return 3\*x\*\*2 \+ 2\*x \+ 1/);
    assert.match(script, /np\.random\.seed\(42\)\nx = torch\.linspace\(-2, 2, steps=20\)\[:,None\]\ny = add_noise\(f\(x\), 0\.15, 0\.5\)/);
    assert.match(script, /def mae\(preds, acts\): return \(torch\.abs\(preds-acts\)\)\.mean\(\)/);
    assert.match(script, /params = torch\.tensor\(\[1\.1, 1\.1, 1\.1\], dtype=torch\.float64\)\.requires_grad_\(\)\nfor i in range\(10\):/);
    assert.ok(!script.includes('grad.zero_()'));
    const textbook = pytorchScript({
      program: setup.program,
      init: setup.init,
      data: lessonData,
      train: { ...LOOP_TRAIN, accumulateGrad: false, loss: 'mse', schedule: { kind: 'step', every: 100, gamma: 0.5 } },
      steps: 500,
    });
    assert.match(textbook, /params\.grad\.zero_\(\)/);
    assert.match(textbook, /def mse/);
    assert.match(textbook, /params -= params\.grad\*\(0\.01 \* 0\.5\*\*\(i \/\/ 100\)\)/);
    assert.match(textbook, /for i in range\(500\):\n[\s\S]*if i % 25 == 0 or i == 499: print/);
  });

  it('copies the parameters by name as JSON', () => {
    const setup = presetModel('nRelus', { units: 2 });
    assert.deepStrictEqual(JSON.parse(parametersJson(setup.program, [1, 2, 3, 4, 5, 6, 7])), { w: [1, 2], m: [3, 4], b: [5, 6], c: 7 });
  });

  it('the exported scripts reproduce the playground losses in PyTorch (needs python3 with torch)', function () {
    const python = torchPython();
    // Reported as pending, not passed, where PyTorch is missing (`apt-get install python3-torch`).
    if (!python) this.skip();
    this.timeout(120_000);
    const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
    const cases: [string, ModelSetup, TrainControls, typeof lessonData | { kind: 'csv'; name: string; x: number[]; y: number[] }][] = [
      ['lesson loop', presetModel('quadratic'), LOOP_TRAIN, lessonData],
      [
        'double relu, mse, cosine',
        presetModel('doubleRelu'),
        { ...LOOP_TRAIN, loss: 'mse', schedule: { kind: 'cosine', steps: 5, minLr: 0.001 } },
        lessonData,
      ],
      [
        '5 relus, step decay',
        presetModel('nRelus', { units: 5 }),
        { ...LOOP_TRAIN, accumulateGrad: false, schedule: { kind: 'step', every: 3, gamma: 0.5 } },
        lessonData,
      ],
      [
        'custom formula, csv',
        customModel('Math.exp(-a*x) * sin(b*x) + max(c, x) - -d/2', { a: 0.3, b: 1, c: 0.5, d: 1 }) as ModelSetup,
        { ...LOOP_TRAIN, schedule: { kind: 'exponential', gamma: 0.9 } },
        { kind: 'csv', name: 'mine.csv', x: Array.from(data.x), y: Array.from(data.y) },
      ],
    ];
    for (const [name, setup, train, dataState] of cases) {
      const printed = runPythonScript(
        python,
        pytorchScript({ program: setup.program, init: setup.init, data: dataState, train, steps: 10 }),
      );
      assert.deepStrictEqual(printed, engineLossLines(setup, data, train, 10), name);
    }
  });

  it("the exported script's x is the panel's x bit for bit, torch and exact spacing (needs python3 with torch)", function () {
    const python = torchPython();
    if (!python) this.skip();
    this.timeout(120_000);
    const setup = presetModel('quadratic');
    const ranges: [number, number, number][] = [
      [-2, 2, 20],
      [-2, 2, 21],
      [-3, 1.5, 37],
      [-2.1, 2.1, 100],
      [0.1, 7.3, 333],
    ];
    // The two spacings differ somewhere here, so a script writing the wrong one fails.
    assert.ok(
      ranges.some(([min, max, n]) => {
        const spaced = (linspace: 'torch' | 'exact') =>
          Array.from(generateData({ ...NOTEBOOK_SETTINGS, min, max, n, linspace }, float32Function(NOTEBOOK_SETTINGS.fn)).x);
        return JSON.stringify(spaced('torch')) !== JSON.stringify(spaced('exact'));
      }),
    );
    for (const linspace of ['torch', 'exact'] as const)
      for (const [min, max, n] of ranges) {
        const settings = { ...NOTEBOOK_SETTINGS, min, max, n, linspace };
        const ours = generateData(settings, float32Function(settings.fn));
        const script = pytorchScript({
          program: setup.program,
          init: setup.init,
          data: { kind: 'generator', settings },
          train: LOOP_TRAIN,
          steps: 0,
        });
        const lines = runPythonScript(python, `${script}\nimport json\nprint(json.dumps([float(v) for v in x.flatten().tolist()]))\n`);
        const theirs = JSON.parse(lines[lines.length - 1]) as number[];
        assert.deepStrictEqual(theirs, Array.from(ours.x), `${linspace} spacing, ${n} points on [${min}, ${max}]`);
      }
  });
});
