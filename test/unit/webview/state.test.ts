// The playground's pure logic: start state, requests, chapters, slider ranges, carried parameters,
// the bounded loss history and the log line.
import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../repo-root';
import { flatParamNames } from '../../../src/core/formula/program';
import { validateState } from '../../../src/protocol/state';
import { LIMITS } from '../../../src/core/limits';
import { datasetOf } from '../../../webview/app/data';
import { emptyHistory, logLine, withLog, withLosses } from '../../../webview/app/history';
import { buildModel, carryParams, carryRanges } from '../../../webview/app/model';
import { arrowStep, defaultRange, rangeToInclude, sliderStep } from '../../../webview/app/ranges';
import { defaultState, withRequest, withSettings } from '../../../webview/app/state';
import { applyChapter, CHAPTERS, LESSON_TRAIN, openChapter, resetChapter } from '../../../webview/lesson/chapters';

const settings = { backend: 'cpu', stepsPerFrame: 10, learningRate: 0.01 } as const;
const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'lesson-golden.json'), 'utf8'));

describe('webview state', () => {
  it("starts with the lesson's data and the quadratic at a = b = c = 1.1, y range (-3, 12)", () => {
    const state = defaultState(settings);
    assert.strictEqual(state.model.preset, 'quadratic');
    assert.deepStrictEqual(state.params, [1.1, 1.1, 1.1]);
    assert.deepStrictEqual(state.yDomain, [-3, 12]);
    assert.deepStrictEqual(state.data, {
      kind: 'generator',
      settings: { fn: '3*x**2 + 2*x + 1', n: 20, min: -2, max: 2, mult: 0.15, add: 0.5, seed: 42 },
    });
    assert.deepStrictEqual(state.train, {
      lr: 0.01,
      schedule: { kind: 'constant' },
      stepsPerFrame: 10,
      loss: 'mae',
      accumulateGrad: false,
      backend: 'cpu',
      stopAt: 0,
    });
    assert.ok(validateState(state).ok);
  });

  it('opens a request with its start values and keeps the user formula for later', () => {
    const custom = { ...defaultState(settings), model: { preset: 'custom' as const, formula: 'a*x + b', vectors: {} } };
    const relu = withRequest(custom, { preset: 'relu' });
    assert.deepStrictEqual(relu.params, [1.5, 1.5]);
    assert.deepStrictEqual(relu.yDomain, [-1, 4]);
    assert.strictEqual(relu.customFormula, 'a*x + b');
    const double = withRequest(relu, { preset: 'doubleRelu' });
    assert.deepStrictEqual(double.params, [-1.5, -1.5, 1.5, 1.5]);
    assert.deepStrictEqual(double.yDomain, [-1, 6]);
    const units = withRequest(double, { preset: 'nRelus', units: 7 });
    assert.strictEqual(units.params.length, 3 * 7 + 1);
    assert.deepStrictEqual(units.model.vectors, { w: 7, m: 7, b: 7 });
    assert.deepStrictEqual(withSettings(units, { backend: 'webgpu', stepsPerFrame: 50, learningRate: 0.1 }).train.backend, 'webgpu');
  });

  it('every chapter makes a valid state whose model compiles and whose data generates', () => {
    let state = defaultState(settings);
    for (const chapter of CHAPTERS) {
      state = applyChapter(state, chapter);
      assert.ok(validateState(state).ok, chapter.id);
      const built = buildModel(state.model);
      assert.ok(built.ok, chapter.id);
      assert.strictEqual(built.value.names.length, state.params.length, chapter.id);
      assert.ok(datasetOf(state.data).ok, chapter.id);
      assert.strictEqual(state.chapter, chapter.id);
    }
  });

  it('chapter 1 shows the exact function, chapter 4 the notebook loop', () => {
    const one = applyChapter(
      defaultState(settings),
      CHAPTERS.find((c) => c.id === 'function')!,
    );
    assert.deepStrictEqual(one.params, [3, 2, 1]);
    assert.deepStrictEqual(
      [one.data.kind === 'generator' && one.data.settings.mult, one.data.kind === 'generator' && one.data.settings.add],
      [0, 0],
    );
    const loop = applyChapter(
      defaultState(settings),
      CHAPTERS.find((c) => c.id === 'loop')!,
    );
    // The notebook's one manual step is taken (computed, compared with PyTorch's numbers); Reset goes back to 1.1.
    assert.deepStrictEqual(loop.init, [1.1, 1.1, 1.1]);
    golden.mae_accumulate[1].params.forEach((v: number, i: number) => assert.ok(Math.abs(loop.params[i] - v) < 1e-12));
    assert.strictEqual(loop.step, 1);
    assert.strictEqual(loop.loopStart, 1);
    golden.mae_accumulate[0].grad.forEach((g: number, i: number) => assert.ok(Math.abs(loop.direction![i] - g) < 1e-12));
    assert.deepStrictEqual([loop.train.lr, loop.train.accumulateGrad, loop.train.stepsPerFrame, loop.train.stopAt], [0.01, true, 1, 10]);
    const triple = applyChapter(
      defaultState(settings),
      CHAPTERS.find((c) => c.id === 'triple-relu')!,
    );
    assert.deepStrictEqual(triple.params, [-1.5, -1.5, 1.5, 1.5, 1, 0]);
  });
});

describe('chapters own their whole setup', () => {
  const chapter = (id: string) => CHAPTERS.find((c) => c.id === id)!;

  it('opens every chapter with its own settings, whatever the learner set before', () => {
    const messy = {
      ...defaultState(settings),
      train: {
        lr: 1,
        schedule: { kind: 'cosine' as const, steps: 9, minLr: 0 },
        stepsPerFrame: 99,
        loss: 'mse' as const,
        accumulateGrad: true,
        backend: 'webgpu' as const,
        stopAt: 7,
      },
      data: { kind: 'generator' as const, settings: { fn: 'sin(x)', n: 10_000, min: -5, max: 5, mult: 0, add: 1, seed: 3 } },
    };
    for (const c of CHAPTERS) {
      const opened = applyChapter(messy, c);
      assert.deepStrictEqual(opened.train, { ...LESSON_TRAIN, ...c.train }, c.id);
      assert.ok(
        opened.data.kind === 'generator' && opened.data.settings.seed === 42 && opened.data.settings.fn === '3*x**2 + 2*x + 1',
        c.id,
      );
    }
  });

  it('keeps what the learner changed per chapter, and Reset chapter brings the lesson back', () => {
    let state = openChapter(defaultState(settings), chapter('relu'));
    state = { ...state, train: { ...state.train, lr: 0.5, loss: 'mse' }, params: [2, -1] };
    state = openChapter(state, chapter('mae'));
    assert.strictEqual(state.train.lr, 0.01, 'the lr of §5 does not leak into §3');
    assert.strictEqual(state.train.loss, 'mae');
    state = { ...state, train: { ...state.train, lr: 0.2 } };
    state = openChapter(state, chapter('relu'));
    assert.deepStrictEqual([state.train.lr, state.train.loss, state.params], [0.5, 'mse', [2, -1]], 'back in §5 as the learner left it');
    state = openChapter(state, chapter('mae'));
    assert.strictEqual(state.train.lr, 0.2);
    const reset = resetChapter(state, chapter('mae'));
    assert.strictEqual(reset.train.lr, 0.01);
    assert.strictEqual(reset.chapterStates?.mae, undefined);
    assert.ok(validateState(state).ok);
  });
});

describe('slider ranges', () => {
  it("follows ipywidgets' @interact rule", () => {
    assert.deepStrictEqual(defaultRange(1.1), [-1.1, 3.3000000000000003]);
    assert.deepStrictEqual(defaultRange(-1.5), [-4.5, 1.5]);
    assert.deepStrictEqual(defaultRange(0), [-1, 1]);
  });

  it('grows past a value that leaves it, and not otherwise', () => {
    assert.deepStrictEqual(rangeToInclude([0, 4], 2), [0, 4]);
    assert.deepStrictEqual(rangeToInclude([0, 4], 5), [0, 6]);
    assert.deepStrictEqual(rangeToInclude([0, 4], -2), [-3, 4]);
    assert.deepStrictEqual(rangeToInclude([0, 4], NaN), [0, 4]);
  });

  it('gives about 1000 slider positions in round steps', () => {
    assert.strictEqual(sliderStep([-1.1, 3.3]), 0.005);
    assert.strictEqual(sliderStep([0, 1]), 0.001);
    assert.strictEqual(sliderStep([0, 200]), 0.2);
    // An arrow press: a visible step (about 1/50 of the range), Shift ×10, Alt ÷10.
    const plain = { shiftKey: false, altKey: false };
    assert.strictEqual(arrowStep([-1.1, 3.3], plain), 0.1);
    assert.strictEqual(arrowStep([-1.1, 3.3], { ...plain, shiftKey: true }), 1);
    assert.strictEqual(arrowStep([-1.1, 3.3], { ...plain, altKey: true }), 0.01);
    assert.strictEqual(arrowStep([0, 1], plain), 0.02);
  });
});

describe('parameters across a formula change', () => {
  it('keeps values and ranges by name and starts new ones at 1', () => {
    assert.deepStrictEqual(carryParams({ names: ['a', 'b', 'c'], values: [3, 2, 1] }, ['c', 'a', 'd']), [1, 3, 1]);
    assert.deepStrictEqual(carryRanges({ a: [0, 9] }, ['a', 'd'], [3, 2]), { a: [0, 9], d: [-2, 6] });
  });

  it('compiles vector models with flat names', () => {
    const built = buildModel({ preset: 'nRelus', formula: 'sum(relu(m*x + b))', vectors: { m: 3, b: 3 } });
    assert.ok(built.ok);
    assert.deepStrictEqual(built.value.names, ['m[0]', 'm[1]', 'm[2]', 'b[0]', 'b[1]', 'b[2]']);
    assert.deepStrictEqual(flatParamNames(built.value.program!), built.value.names);
    const broken = buildModel({ preset: 'custom', formula: 'a*x +', vectors: {} });
    assert.ok(!broken.ok);
    assert.strictEqual(broken.error.position, 5);
  });
});

describe('loss history and log', () => {
  it('keeps every step until it is full, then halves itself and doubles its stride', () => {
    const empty = emptyHistory();
    const full = withLosses(
      empty,
      0,
      Float64Array.from({ length: LIMITS.lossCurvePoints }, (_, i) => 100 - i / 100),
    );
    assert.strictEqual(full.thinned, false);
    assert.strictEqual(full.history.steps.length, LIMITS.lossCurvePoints);
    assert.strictEqual(empty.steps.length, 0, 'the history given is left as it was');
    const halved = withLosses(full.history, LIMITS.lossCurvePoints, [1]);
    assert.strictEqual(halved.thinned, true);
    assert.strictEqual(full.history.steps.length, LIMITS.lossCurvePoints, 'the history given is left as it was');
    assert.strictEqual(halved.history.steps.length, LIMITS.lossCurvePoints / 2 + 1);
    assert.ok(halved.history.steps.every((s) => s % 2 === 0));
    const more = withLosses(halved.history, LIMITS.lossCurvePoints + 1, [1, 2, 3]).history;
    assert.deepStrictEqual(more.steps.slice(-2), [LIMITS.lossCurvePoints, LIMITS.lossCurvePoints + 2]);
    assert.strictEqual(more.losses.length, more.steps.length);
  });

  it('skips non-finite losses and bounds the log', () => {
    const history = withLosses(emptyHistory(), 0, [1, NaN, Infinity, 2]).history;
    assert.deepStrictEqual(history.steps, [0, 3]);
    const logged = withLog(
      history,
      Array.from({ length: 1500 }, (_, i) => `line ${i}`),
    );
    assert.strictEqual(logged.log.length, 1000);
    assert.strictEqual(logged.log[999], 'line 1499');
    assert.strictEqual(history.log.length, 0);
  });

  it("prints the notebook's line (loss to 2 decimals, parameters to 4), cutting long parameter vectors", () => {
    assert.strictEqual(logLine(4, 1.2345, [0.5, 0.25, 0.75]), 'step=4; loss=1.23 and [0.5000, 0.2500, 0.7500]');
    const long = logLine(
      0,
      1,
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.match(long, /^step=0; loss=1\.00 and \[0\.0000, 1\.0000, .*, 11\.0000, … 8 more\]$/);
  });
});
