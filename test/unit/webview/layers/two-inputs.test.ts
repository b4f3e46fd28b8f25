// Two inputs through the real controller (webview/app/playground.ts, no DOM): a formula with free
// parameters on x1 and x2 (`a*x1**2 + b*x2 + c`) on generated plane data, its loss, gradient, plane
// and training step against the core's own evaluator and trainer, saved and restored (STATE_VERSION
// 4's model.inputs); and a two-input file too large for the saved state, read again after a reload
// with its x2, which resumes the run (weights, step) when the file is unchanged.
import * as assert from 'assert';
import { generatePlaneData, PLANE_DEFAULTS } from '../../../../src/core/data/generate-plane';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { compileFormula } from '../../../../src/core/formula/compile';
import { evaluatePointwise, float32Function2 } from '../../../../src/core/formula/pointwise';
import { SAVED_POINTS_LIMIT } from '../../../../src/core/limits';
import { MlpEvaluator } from '../../../../src/core/model/mlp-evaluator';
import { TWO_INPUT_FORMULA } from '../../../../src/core/model/presets';
import { Trainer } from '../../../../src/core/train/sgd';
import { migrateState } from '../../../../src/protocol/migrate';
import { PlaygroundState, STATE_VERSION, UserData, validateState } from '../../../../src/protocol/state';
import { Notice, Playground } from '../../../../webview/app/playground';
import { FormulaPlaneEvaluation } from '../../../../webview/layers/formula-plane';
import { planeOf, planePoints } from '../../../../webview/layers/plane';

const settings = { backend: 'cpu', stepsPerFrame: 10, learningRate: 0.01 } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SAVE_SETTLES = 320;
const PLANE = { fn: '3*x1**2 + 2*x2 + 1', n: 60, min: -2, max: 2, min2: -1, max2: 1.5, mult: 0.1, add: 0.2, seed: 11 };

function open(): { playground: Playground; saves: PlaygroundState[]; notices: (Notice | null)[]; needed: UserData[] } {
  const saves: PlaygroundState[] = [];
  const notices: (Notice | null)[] = [];
  const needed: UserData[] = [];
  const playground = new Playground(settings, { save: (state) => saves.push(state) });
  playground.events.on('notice', (notice) => notices.push(notice));
  playground.events.on('dataNeeded', (data) => needed.push(data));
  return { playground, saves, notices, needed };
}

function program2(text: string) {
  const compiled = compileFormula(text, { inputs: 2 });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.program;
}

describe('two inputs in the controller', function () {
  this.timeout(60_000);

  it('a formula of x1 and x2 with free parameters: loss, gradient and plane are the core’s; a step is the trainer’s', async () => {
    const { playground, notices } = open();
    playground.setGenerator(PLANE);
    assert.strictEqual(playground.state.model.preset, 'layers', 'a formula of x became a network');
    playground.choosePreset('custom');
    assert.strictEqual(playground.state.model.formula, TWO_INPUT_FORMULA, 'custom starts from the quadratic in x1 and x2');
    assert.strictEqual(playground.state.model.inputs, 2);
    assert.strictEqual(playground.state.model.network, undefined);
    assert.deepStrictEqual(playground.model.names, ['a', 'b', 'c']);
    assert.ok(playground.evaluation instanceof FormulaPlaneEvaluation);
    const data = generatePlaneData(PLANE, float32Function2(PLANE.fn));
    const program = program2(TWO_INPUT_FORMULA);
    const core = createEvaluator(program, data.x, { x2: data.x2 });
    playground.setParam(0, 2.5);
    playground.setParam(1, -0.75);
    const params = Float64Array.from(playground.params);
    const grad = new Float64Array(3);
    assert.strictEqual(playground.loss, core.lossAndGrad(params, data.y, 'mae', grad));
    assert.deepStrictEqual(Array.from(playground.grad), Array.from(grad));
    // The plane is the formula evaluated at each cell's centre.
    const plane = planeOf(playground.evaluation)!;
    const cells = planePoints(plane.plane);
    assert.deepStrictEqual(Array.from(plane.planeAt(params)), Array.from(evaluatePointwise(program, params, cells.x, (v) => v, cells.x2)));
    // One step on the cpu backend is the core trainer's step.
    const trainer = new Trainer(program, data, params, playground.trainConfig());
    trainer.run(1);
    await playground.step();
    assert.strictEqual(playground.state.step, 1);
    assert.deepStrictEqual(playground.state.params, Array.from(trainer.exportState().params));
    // x alone is refused on data of two inputs, and the model keeps running.
    const errors: string[] = [];
    playground.events.on('formulaError', (problem) => problem && errors.push(problem.error.message));
    playground.setFormula('a*x + b');
    assert.match(errors.join(' '), /x1 or x2/);
    assert.strictEqual(playground.state.model.formula, TWO_INPUT_FORMULA);
    const a = playground.params[0];
    playground.setFormula('a*x1 + b*sin(x2) + d');
    assert.deepStrictEqual(playground.model.names, ['a', 'b', 'd']);
    assert.strictEqual(playground.params[0], a, 'a keeps its value');
    assert.ok(!notices.some((n) => n?.kind === 'error'));
  });

  it('saves and restores a formula of two inputs exactly; one-input data turns it into a network, saying so', async () => {
    const { playground, saves, notices } = open();
    playground.setGenerator(PLANE);
    playground.choosePreset('custom');
    await playground.step();
    await playground.step();
    await sleep(SAVE_SETTLES);
    const last = JSON.parse(JSON.stringify(saves[saves.length - 1]));
    assert.strictEqual(last.version, STATE_VERSION);
    assert.strictEqual(last.model.inputs, 2);
    const checked = validateState(last);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const again = open();
    again.playground.restore(checked.value);
    assert.strictEqual(again.notices[again.notices.length - 1], null, 'restored without a notice');
    assert.deepStrictEqual(again.playground.state.params, last.params);
    assert.strictEqual(again.playground.state.step, 2);
    assert.strictEqual(again.playground.loss, playground.loss);
    // The schema: two inputs only for a custom formula, and the formula must compile with them.
    assert.ok(!validateState({ ...last, model: { ...last.model, inputs: undefined } }).ok, 'x1, x2 read as parameters: 5 for 3 values');
    assert.match((validateState({ ...last, model: { ...last.model, preset: 'quadratic' } }) as { error: string }).error, /custom formula/);
    playground.setGenerator({ fn: '3*x**2 + 2*x + 1', n: 20, min: -2, max: 2, mult: 0, add: 0, seed: 0 });
    assert.strictEqual(playground.state.model.network?.inputs, 1);
    assert.match(notices.map((n) => n?.text ?? '').join(' '), /formula of x1 and x2 cannot fit it/);
  });

  it('a version 3 state migrates to 4 with nothing changed but the version', () => {
    const { playground } = open();
    playground.setGenerator(PLANE);
    const v3 = { ...JSON.parse(JSON.stringify(playground.state)), version: 3 };
    assert.deepStrictEqual(migrateState(v3), { ...v3, version: 4 });
    assert.ok(validateState(v3).ok);
  });

  it('a two-input file too large to save is read again with its x2 after a reload, and the run resumes', async () => {
    const n = SAVED_POINTS_LIMIT + 500;
    const data = generatePlaneData({ ...PLANE, n }, float32Function2(PLANE.fn));
    const file: UserData = {
      kind: 'csv',
      name: 'plane.csv',
      x: [],
      y: [],
      source: 'file',
      path: 'file:///ws/plane.csv',
      columns: { x: 'x1', y: 'y', xIndex: 0, yIndex: 2, x2: 'x2', x2Index: 1 },
      count: n,
      summary: 'x1 = "x1", x2 = "x2", y = "y"',
      mtime: 1234,
    };
    const { playground, saves } = open();
    playground.openRequest({ preset: 'layers' });
    playground.useData(file, data);
    assert.strictEqual(playground.state.model.network?.inputs, 2);
    await playground.step();
    await playground.step();
    await sleep(SAVE_SETTLES);
    const last = JSON.parse(JSON.stringify(saves[saves.length - 1]));
    assert.deepStrictEqual(last.data.x, [], 'the points are not saved');
    assert.deepStrictEqual(last.data.columns, file.columns, 'the x2 column is');
    const checked = validateState(last);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);

    const again = open();
    again.playground.restore(checked.value);
    assert.deepStrictEqual(
      again.needed.map((d) => [d.path, d.columns?.x2Index]),
      [['file:///ws/plane.csv', 1]],
    );
    // While the file is read again the model keeps its two inputs and its weights (the placeholder data has two inputs too).
    assert.strictEqual(again.playground.state.model.network?.inputs, 2);
    assert.deepStrictEqual(again.playground.state.params, last.params);
    assert.strictEqual(again.playground.data.x2?.length, PLANE_DEFAULTS.n);
    // The file comes back unchanged: same data, same weights, the same step; the loss is the core's on the file.
    again.playground.useData({ ...file }, data);
    const s = again.playground.state;
    assert.strictEqual(s.data.kind === 'csv' && s.data.path, 'file:///ws/plane.csv');
    assert.strictEqual(s.step, 2);
    assert.deepStrictEqual(s.params, last.params);
    const core = new MlpEvaluator({ inputs: 2, hidden: s.model.network!.hidden }, data);
    assert.strictEqual(again.playground.loss, core.loss(Float64Array.from(s.params), data.y, 'mae'));
    // A file changed on disk since starts a fresh run on the same weights.
    const third = open();
    third.playground.restore(checked.value);
    third.playground.useData({ ...file, mtime: 9999 }, data);
    assert.strictEqual(third.playground.state.step, 0);
    assert.deepStrictEqual(third.playground.state.params, last.params);
  });
});
