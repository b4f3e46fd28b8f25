// The math behind the insight views: linearity, loss slices and tangents, the landscape's levels,
// contours, the step ledger and the MAE breakdown, each against the core's own loss and gradient.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import type { LossName } from '../../../../src/core/eval/loss';
import { generateData, NOTEBOOK_SETTINGS } from '../../../../src/core/data/generate';
import { RandomState } from '../../../../src/core/data/rng';
import { compileFormula } from '../../../../src/core/formula/compile';
import { evaluatePointwise, float32Function } from '../../../../src/core/formula/pointwise';
import { Program } from '../../../../src/core/formula/program';
import { contourLevels, contourSegments } from '../../../../src/core/insight/contours';
import { affordableLevels, gridValue, LandscapeJob, LANDSCAPE_LEVELS, mostSensitivePair } from '../../../../src/core/insight/landscape';
import { batchedMaeBreakdown, maeBreakdown, nextStepRecord, stepLedger } from '../../../../src/core/insight/ledger';
import { affineFlatParams, affineParams } from '../../../../src/core/insight/linearity';
import { PointGraph, pointContributions } from '../../../../src/core/insight/point-graph';
import { lossSlice, tangentLine } from '../../../../src/core/insight/slice';
import { weightFormula } from '../../../../src/core/insight/weights';
import { presetModel, sumOfRelus } from '../../../../src/core/model/presets';
import { Trainer } from '../../../../src/core/train/sgd';
import { fromRoot } from '../../../repo-root';

const lesson = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));
const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'lesson-golden.json'), 'utf8')) as Record<
  string,
  { step: number; loss: number; params: number[]; grad: number[] }[]
>;

function compile(text: string, vectors: Record<string, number> = {}): Program {
  const result = compileFormula(text, { vectors });
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.program;
}

function close(actual: number, expected: number, tolerance = 1e-10, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} differs from ${expected} by ${Math.abs(actual - expected)}`,
  );
}

/** Another data set than the lesson's: other seed, size and noise. */
function otherData(seed: number, n: number) {
  return generateData({ ...NOTEBOOK_SETTINGS, seed, n, min: -3, max: 2.5, add: 1.3 }, float32Function(NOTEBOOK_SETTINGS.fn));
}

const MODELS: { name: string; program: Program; params: Float64Array }[] = [
  { name: 'quadratic', program: presetModel('quadratic').program, params: Float64Array.of(1.1, 1.1, 1.1) },
  { name: 'relu', program: presetModel('relu').program, params: presetModel('relu').init },
  { name: 'double relu', program: presetModel('doubleRelu').program, params: presetModel('doubleRelu').init },
  { name: '5 ReLUs', program: sumOfRelus(5, 3).program, params: sumOfRelus(5, 3).init },
  { name: 'a*sin(b*x) + c/(1 + x**2)', program: compile('a*sin(b*x) + c/(1 + x**2)'), params: Float64Array.of(2, 0.7, -1.5) },
];

describe('insight: linearity', () => {
  it('finds which parameters the output is affine in', () => {
    assert.deepStrictEqual(affineParams(presetModel('quadratic').program), [true, true, true]);
    assert.deepStrictEqual(affineParams(presetModel('relu').program), [false, false]);
    assert.deepStrictEqual(affineParams(compile('a*b*x + c')), [true, true, true], 'a·b·x is affine in a alone and in b alone');
    assert.deepStrictEqual(affineParams(compile('a*a*x + sin(c) + b/2')), [false, false, true]);
    assert.deepStrictEqual(affineParams(compile('x/b + a')), [false, true], 'b comes first');
    assert.deepStrictEqual(affineFlatParams(compile('sum(m*x) + c', { m: 3 })), [true, true, true, true]);
  });
});

describe('insight: loss slice', () => {
  for (const loss of ['mae', 'mse'] as LossName[]) {
    for (const model of MODELS) {
      for (const [label, data] of [
        ['lesson data', lesson],
        ['other data', otherData(7, 57)],
      ] as const) {
        it(`${loss.toUpperCase()}, ${model.name}, ${label}: every sample is the core's loss there`, () => {
          const evaluator = createEvaluator(model.program, data.x);
          const affine = affineFlatParams(model.program);
          for (let index = 0; index < model.program.paramCount; index++) {
            const v = model.params[index];
            const range: [number, number] = [v - 2.5, v + 1.75];
            const slice = lossSlice({ evaluator, y: data.y, loss, params: model.params, index, range }, { affine: affine[index] });
            assert.strictEqual(slice.exact, affine[index]);
            assert.strictEqual(slice.t[0], range[0]);
            assert.strictEqual(slice.t[slice.t.length - 1], range[1]);
            assert.ok(slice.t.includes(v), 'the current value is a sample');
            for (let k = 1; k < slice.t.length; k++) assert.ok(slice.t[k] > slice.t[k - 1], 'increasing');
            const probe = Float64Array.from(model.params);
            slice.t.forEach((t, k) => {
              probe[index] = t;
              close(slice.loss[k], evaluator.loss(probe, data.y, loss), 1e-9, `${model.program.params[0].name}… index ${index} at ${t}`);
            });
          }
        });
      }
    }
  }

  it('MAE along an affine parameter: every kink (a residual changing sign) is a sample, and the slope changes there', () => {
    const { program } = presetModel('quadratic');
    const data = otherData(11, 33);
    const evaluator = createEvaluator(program, data.x);
    const params = Float64Array.of(1.1, 1.1, 1.1);
    for (let index = 0; index < 3; index++) {
      const range: [number, number] = [-4, 8];
      const slice = lossSlice({ evaluator, y: data.y, loss: 'mae', params, index, range }, { affine: true });
      // Where each residual is zero, computed from the predictions with the parameter moved.
      const pred = evaluator.predict(params);
      const probe = Float64Array.from(params);
      probe[index] += 1;
      const moved = evaluator.predict(probe);
      let inRange = 0;
      for (let k = 0; k < data.x.length; k++) {
        const slope = moved[k] - pred[k];
        if (slope === 0) continue;
        const zero = params[index] - (pred[k] - data.y[k]) / slope;
        if (zero <= range[0] || zero >= range[1]) continue;
        inRange++;
        assert.ok(
          slice.t.some((t) => Math.abs(t - zero) < 1e-12),
          `kink at ${zero} is sampled`,
        );
        const h = 1e-6;
        const at = (t: number) => {
          const p = Float64Array.from(params);
          p[index] = t;
          return evaluator.loss(p, data.y, 'mae');
        };
        const left = (at(zero) - at(zero - h)) / h;
        const right = (at(zero + h) - at(zero)) / h;
        assert.ok(right - left > 1e-3, `the slope increases at the kink (${left} → ${right})`);
      }
      assert.strictEqual(slice.kinks.length, inRange);
      assert.strictEqual(slice.kinkCount, inRange);
      assert.ok(inRange > 5, 'the test data has kinks in range');
    }
  });

  it('the tangent has the gradient as its slope and touches the slice at the current value', () => {
    const line = tangentLine(1.1, 2.3176, -1.3529, 0.5);
    close(line.loss[1] - line.loss[0], -1.3529 * (line.t[1] - line.t[0]), 1e-12, 'slope');
    close((line.loss[0] + line.loss[1]) / 2, 2.3176, 1e-12, 'through the point');
  });
});

describe('insight: loss landscape', () => {
  for (const model of MODELS) {
    it(`${model.name}: each level's values are the core's loss at the grid's parameters; levels nest`, () => {
      const data = otherData(5, 41);
      const evaluator = createEvaluator(model.program, data.x);
      const inputs = {
        evaluator,
        y: data.y,
        loss: 'mae' as LossName,
        params: model.params,
        i: 0,
        j: model.program.paramCount - 1,
        rangeI: [-2, 4] as [number, number],
        rangeJ: [-3, 1.5] as [number, number],
      };
      const job = new LandscapeJob(inputs);
      let calls = 0;
      const seen: number[] = [];
      while (!job.work(() => ++calls % 7 === 0)) {
        const grid = job.grid;
        if (grid && seen[seen.length - 1] !== grid.size) seen.push(grid.size);
      }
      seen.push(job.grid!.size);
      assert.deepStrictEqual([...new Set(seen)].slice(-1), [LANDSCAPE_LEVELS[LANDSCAPE_LEVELS.length - 1]]);
      const grid = job.grid!;
      const probe = Float64Array.from(model.params);
      for (let r = 0; r < grid.size; r++) {
        for (let c = 0; c < grid.size; c++) {
          probe[inputs.i] = gridValue(inputs.rangeI, grid.size, c);
          probe[inputs.j] = gridValue(inputs.rangeJ, grid.size, r);
          assert.strictEqual(grid.values[r * grid.size + c], evaluator.loss(probe, data.y, 'mae'));
        }
      }
      // The finer levels reused every coarser cell: 65² evaluations in all.
      assert.strictEqual(job.evaluations, 65 * 65);
    });
  }

  it('stops when asked and shows the coarse level first', () => {
    const { program } = presetModel('quadratic');
    const evaluator = createEvaluator(program, lesson.x);
    const job = new LandscapeJob({
      evaluator,
      y: lesson.y,
      loss: 'mae',
      params: Float64Array.of(1.1, 1.1, 1.1),
      i: 0,
      j: 1,
      rangeI: [-1.1, 3.3],
      rangeJ: [-1.1, 3.3],
    });
    const size = () => job.grid?.size;
    assert.strictEqual(size(), undefined);
    let evaluationsBeforeStop = 0;
    assert.strictEqual(
      job.work(() => job.evaluations - evaluationsBeforeStop >= 81),
      false,
    );
    assert.strictEqual(size(), 9);
    evaluationsBeforeStop = job.evaluations;
    assert.strictEqual(
      job.work(() => false),
      true,
    );
    assert.strictEqual(size(), 65);
  });

  it('computes only the levels a large problem can afford, at least the coarsest', () => {
    assert.deepStrictEqual(affordableLevels(20), [9, 17, 33, 65]);
    assert.deepStrictEqual(affordableLevels(100_000), [9, 17, 33]);
    assert.deepStrictEqual(affordableLevels(10_000 * 64), [9, 17]);
    assert.deepStrictEqual(affordableLevels(1e9), [9]);
  });

  it('defaults to the two parameters the predictions are most sensitive to: a and b for the quadratic', () => {
    const { program } = presetModel('quadratic');
    assert.deepStrictEqual(mostSensitivePair(program, [1.1, 1.1, 1.1], lesson.x), [0, 1]);
    assert.deepStrictEqual(mostSensitivePair(compile('c + b*x + a*x**3'), [1, 1, 1], lesson.x), [2, 1]);
    assert.strictEqual(mostSensitivePair(compile('a*x'), [1], lesson.x), null);
  });
});

describe('insight: contours', () => {
  it('a plane crosses each level on a straight line at the right place', () => {
    const size = 11;
    const values = Float64Array.from({ length: size * size }, (_, k) => (k % size) * 2 + Math.floor(k / size) * 0);
    const segments = contourSegments(values, size, 7);
    assert.strictEqual(segments.length, size - 1);
    for (const [c0, r0, c1, r1] of segments) {
      close(c0, 3.5, 1e-12, 'column');
      close(c1, 3.5, 1e-12, 'column');
      assert.strictEqual(Math.abs(r1 - r0), 1);
    }
  });

  it('a bowl gives a closed ring of segments at every level; levels are quantiles', () => {
    const size = 33;
    const values = Float64Array.from({ length: size * size }, (_, k) => {
      const c = (k % size) - 16;
      const r = Math.floor(k / size) - 16;
      return Math.hypot(c, r);
    });
    const levels = contourLevels(values, 5);
    assert.strictEqual(levels.length, 5);
    assert.ok(levels.filter((l) => l < 15).length >= 3);
    for (let k = 1; k < levels.length; k++) assert.ok(levels[k] > levels[k - 1]);
    // Just off the grid's values (quantile levels are grid values, which touch corners).
    for (const level of levels.filter((l) => l < 15).map((l) => l + 1e-3)) {
      const segments = contourSegments(values, size, level);
      // Every end point is shared by exactly two segments: a closed curve.
      const ends = new Map<string, number>();
      for (const [c0, r0, c1, r1] of segments) {
        for (const key of [`${c0.toFixed(9)},${r0.toFixed(9)}`, `${c1.toFixed(9)},${r1.toFixed(9)}`])
          ends.set(key, (ends.get(key) ?? 0) + 1);
        for (const [c, r] of [
          [c0, r0],
          [c1, r1],
        ])
          close(Math.hypot(c - 16, r - 16), level, 0.08, 'on the circle');
      }
      assert.ok(
        [...ends.values()].every((count) => count === 2),
        'closed',
      );
    }
  });
});

describe('insight: step ledger', () => {
  for (const accumulateGrad of [false, true]) {
    for (const loss of ['mae', 'mse'] as LossName[]) {
      it(`equals one training step of the core (${loss}, accumulate ${accumulateGrad}), at the start and after 6 steps`, () => {
        for (const model of MODELS) {
          const data = otherData(3, 29);
          const config = { lr: 0.03, schedule: { kind: 'exponential' as const, gamma: 0.9 }, loss, accumulateGrad };
          const trainer = new Trainer(model.program, data, model.params, config);
          for (const warmup of [0, 6]) {
            trainer.run(warmup);
            const ledger = stepLedger(trainer.currentStep(), accumulateGrad);
            const before = Float64Array.from(trainer.params);
            trainer.run(1);
            ledger.rows.forEach((row, i) => {
              assert.strictEqual(row.before, before[i]);
              assert.strictEqual(row.after, trainer.params[i], `${model.name} param ${i}`);
              assert.strictEqual(row.change, ledger.lr * row.direction);
            });
          }
        }
      });
    }
  }

  it("reproduces the notebook's loop from the parts a page keeps (accumulated gradient through the last step)", () => {
    const quad = presetModel('quadratic');
    const trainer = new Trainer(quad.program, lesson, quad.init, {
      lr: 0.01,
      schedule: { kind: 'constant' },
      loss: 'mae',
      accumulateGrad: true,
    });
    const rows = golden.mae_accumulate;
    for (let step = 0; step < rows.length - 1; step++) {
      const now = trainer.currentStep();
      const accumulated = trainer.exportState().direction;
      const record = nextStepRecord(trainer.step, now.loss, trainer.params, now.grad, accumulated, true, now.lr);
      const ledger = stepLedger(record, true);
      assert.deepStrictEqual(
        Array.from(ledger.rows, (r) => r.direction),
        Array.from(now.direction),
      );
      ledger.rows.forEach((row, i) => close(row.after, rows[step + 1].params[i], 1e-6, `PyTorch's parameter ${i} after step ${step}`));
      trainer.run(1);
      assert.deepStrictEqual(
        Array.from(ledger.rows, (r) => r.after),
        Array.from(trainer.params),
      );
    }
    // The notebook's one manual step: tensor([1.1135, 1.1003, 1.1050]).
    const first = stepLedger(nextStepRecord(0, NaN, [1.1, 1.1, 1.1], rows[0].grad, null, false, 0.01), false);
    assert.deepStrictEqual(
      first.rows.map((r) => r.after.toFixed(4)),
      ['1.1135', '1.1003', '1.1050'],
    );
  });

  it('for MAE on the lesson data, ∂MAE/∂c = (below − above)/N, and the x and x² weights give ∂MAE/∂b and ∂MAE/∂a', () => {
    const quad = presetModel('quadratic');
    const evaluator = createEvaluator(quad.program, lesson.x);
    for (const params of [Float64Array.of(1.1, 1.1, 1.1), Float64Array.of(3, 2, 1), Float64Array.of(1.9861, 1.1301, 1.416)]) {
      const grad = new Float64Array(3);
      evaluator.lossAndGrad(params, lesson.y, 'mae', grad);
      const b = maeBreakdown(quad.program, params, lesson.x, lesson.y);
      const n = lesson.x.length;
      assert.strictEqual(b.above + b.below + b.on, n);
      close(b.params[2].grad, grad[2], 1e-12, '∂MAE/∂c');
      assert.strictEqual(b.params[2].grad, (b.below - b.above) / n, '(below − above)/N');
      assert.strictEqual(b.params[2].sumBelow, b.below);
      // Sums of x and x² over each side, computed here from the data.
      const pred = evaluator.predict(params);
      let xBelow = 0;
      let xAbove = 0;
      let x2Below = 0;
      let x2Above = 0;
      for (let k = 0; k < n; k++) {
        const x = lesson.x[k];
        if (pred[k] > lesson.y[k]) {
          xBelow += x;
          x2Below += x * x;
          assert.strictEqual(b.signs[k], 1);
        } else if (pred[k] < lesson.y[k]) {
          xAbove += x;
          x2Above += x * x;
          assert.strictEqual(b.signs[k], -1);
        }
      }
      close(b.params[1].sumBelow, xBelow, 1e-12, 'Σ x below');
      close(b.params[1].sumAbove, xAbove, 1e-12, 'Σ x above');
      close(b.params[0].sumBelow, x2Below, 1e-12, 'Σ x² below');
      close(b.params[0].sumAbove, x2Above, 1e-12, 'Σ x² above');
      close(b.params[1].grad, grad[1], 1e-12, '∂MAE/∂b');
      close(b.params[0].grad, grad[0], 1e-12, '∂MAE/∂a');
    }
    // At the lesson's start: 5 points below the curve, 15 above: (5 − 15)/20 = −0.5, as the notebook prints.
    const start = maeBreakdown(quad.program, [1.1, 1.1, 1.1], lesson.x, lesson.y);
    assert.strictEqual(start.params[2].grad, golden.mae_plain[0].grad[2]);
  });

  it('the batched breakdown (for large data) agrees with the point-by-point one', () => {
    for (const model of MODELS) {
      const data = otherData(21, 3001);
      const evaluator = createEvaluator(model.program, data.x);
      const exact = maeBreakdown(model.program, model.params, data.x, data.y);
      const batched = batchedMaeBreakdown(evaluator, model.params, data.y);
      assert.deepStrictEqual([batched.above, batched.below, batched.on], [exact.above, exact.below, exact.on]);
      assert.deepStrictEqual(batched.signs, exact.signs);
      batched.params.forEach((part, p) => {
        close(part.sumBelow, exact.params[p].sumBelow, 1e-9, `${model.name} Σ below ${p}`);
        close(part.sumAbove, exact.params[p].sumAbove, 1e-9, `${model.name} Σ above ${p}`);
        close(part.grad, exact.params[p].grad, 1e-9, `${model.name} gradient ${p}`);
      });
    }
  });

  it('writes the weights ∂ŷ/∂p as formulas where they are simple', () => {
    const quad = presetModel('quadratic').program;
    assert.deepStrictEqual(
      [0, 1, 2].map((p) => weightFormula(quad, p)),
      ['x²', 'x', '1'],
    );
    assert.deepStrictEqual(
      [0, 1].map((p) => weightFormula(compile('a*sin(x) - b*(x + 1)'), p)),
      ['sin(x)', '−(x + 1)'],
    );
    assert.deepStrictEqual(
      [0, 1].map((p) => weightFormula(presetModel('relu').program, p)),
      [null, null],
    );
    assert.strictEqual(weightFormula(compile('a*b*x'), 0), null, 'depends on b');
  });
});

describe('insight: per-point computation graph', () => {
  for (const model of MODELS) {
    for (const loss of ['mae', 'mse'] as LossName[]) {
      it(`${model.name}, ${loss}: forward values match a point-by-point evaluation; contributions sum to the gradient`, () => {
        const rng = new RandomState(9);
        const data = otherData(13, 37);
        const params = model.params.map((v) => v + rng.normal(0, 0.3, 1)[0]);
        const evaluator = createEvaluator(model.program, data.x);
        const grad = new Float64Array(model.program.paramCount);
        evaluator.lossAndGrad(params, data.y, loss, grad);
        const pointwise = evaluatePointwise(model.program, params, data.x);
        const graph = new PointGraph(model.program, loss);
        let total = 0;
        for (let k = 0; k < data.x.length; k++) {
          graph.run(params, data.x[k], data.y[k], data.x.length);
          assert.strictEqual(graph.values[graph.prediction][0], pointwise[k]);
          total += graph.values[graph.share][0];
        }
        close(total, evaluator.loss(params, data.y, loss), 1e-12, 'the shares add up to the loss');
        const rows = pointContributions(model.program, params, data.x, data.y, loss);
        const sum = new Float64Array(grad.length);
        for (const row of rows) row.forEach((v, p) => (sum[p] += v));
        sum.forEach((v, p) => close(v, grad[p], 1e-10, `gradient ${p}`));
      });
    }
  }
});
