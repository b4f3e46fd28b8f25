// The seeded per-unit start of N ReLUs: kinks spread over the data, output weights scaled to it,
// and 16 weighted ReLUs that fit a noisy sine.
import * as assert from 'node:assert/strict';
import { generateData } from '../../../../src/core/data/generate';
import { compileFormula } from '../../../../src/core/formula/compile';
import { float32Function } from '../../../../src/core/formula/pointwise';
import { inferVectors } from '../../../../src/core/formula/vectors';
import { N_RELU_FORMULA, weightedRelus, formulaModel, RELU_SUM_FORMULA } from '../../../../src/core/model/presets';
import { extentOf, unitStart, vectorRoles } from '../../../../src/core/model/unit-start';
import { Trainer } from '../../../../src/core/train/sgd';

function program(formula: string, units: number) {
  const compiled = compileFormula(formula, { vectors: inferVectors(formula, units) });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.program;
}

describe('the seeded per-unit start', () => {
  it('tells slopes, biases and weights apart', () => {
    const p = program('sum(w*relu(m*x + b)) + c', 4);
    const roles = vectorRoles(p);
    const byName = Object.fromEntries(p.params.map((spec, i) => [spec.name, roles.get(i)?.kind]));
    assert.deepEqual(byName, { w: 'weight', m: 'slope', b: 'bias', c: undefined });
    const sub = program('sum(relu(x*m - q))', 3);
    assert.equal(vectorRoles(sub).get(sub.params.findIndex((s) => s.name === 'q'))?.kind, 'bias');
  });

  it('spreads the kinks over the data x range, unit by unit apart, reproducibly', () => {
    for (const formula of [RELU_SUM_FORMULA, N_RELU_FORMULA, 'sum(relu(m*x - b))', 'sum(relu(b + x*m))']) {
      for (const extent of [
        { x: [-2, 2] as [number, number], ySpread: 1, yMean: 0 },
        { x: [10, 50] as [number, number], ySpread: 30, yMean: 5 },
      ]) {
        const p = program(formula, 32);
        const start = unitStart(p, extent, 3);
        const m = p.params.find((s) => s.name === 'm')!;
        const b = p.params.find((s) => s.name === 'b')!;
        const subtracted = formula.includes('- b');
        const kinks = Array.from({ length: 32 }, (_, j) => {
          const slope = start.get(m.offset + j)!;
          const bias = start.get(b.offset + j)!;
          return subtracted ? bias / slope : -bias / slope;
        });
        for (const k of kinks) assert.ok(k >= extent.x[0] - 1e-9 && k <= extent.x[1] + 1e-9, `${formula}: kink ${k} outside ${extent.x}`);
        assert.equal(new Set(kinks.map((k) => k.toFixed(9))).size, 32, 'every unit has its own kink');
        assert.deepEqual(unitStart(p, extent, 3), start);
        assert.notDeepEqual(unitStart(p, extent, 4), start);
      }
    }
  });

  it('gives output weights random signs, scaled to the data by 1/sqrt(units), and starts c at the mean of y', () => {
    const extent = { x: [-1, 1] as [number, number], ySpread: 4, yMean: 2.5 };
    const model = weightedRelus(64, 1, extent);
    const w = model.program.params.find((s) => s.name === 'w')!;
    const weights = Array.from(model.init.subarray(w.offset, w.offset + 64));
    assert.ok(weights.some((v) => v > 0) && weights.some((v) => v < 0));
    for (const v of weights) assert.ok(Math.abs(v) >= (0.5 * 4) / 8 - 1e-12 && Math.abs(v) <= (1.5 * 4) / 8 + 1e-12);
    assert.equal(model.init[model.program.params.find((s) => s.name === 'c')!.offset], 2.5);
    const typed = formulaModel(N_RELU_FORMULA, { units: 64, seed: 1, extent });
    assert.ok(!('error' in typed));
    if (!('error' in typed)) assert.deepEqual(Array.from(typed.init.subarray(0, 192)), Array.from(model.init.subarray(0, 192)));
  });

  it('lets 16 weighted ReLUs fit a noisy sine to about the noise, where the plain sum cannot', function () {
    this.timeout(180_000); // 3 seeds × 2 models × 3000 steps on the CPU
    for (const seed of [1, 2, 3]) {
      const settings = { fn: 'sin(x)', n: 200, min: -3, max: 3, mult: 0, add: 0.1, seed };
      const data = generateData(settings, float32Function(settings.fn));
      // The noise's own mean absolute value, measured on this very sample.
      let noise = 0;
      for (let i = 0; i < data.x.length; i++) noise += Math.abs(data.y[i] - Math.sin(data.x[i]));
      noise /= data.x.length;
      const config = { lr: 0.01, schedule: { kind: 'constant' as const }, loss: 'mae' as const, accumulateGrad: false };
      const extent = extentOf(data.x, data.y);
      const model = weightedRelus(16, seed, extent);
      const trainer = new Trainer(model.program, data, model.init, config);
      trainer.run(3000);
      const mae = trainer.currentStep().loss;
      assert.ok(mae < 1.5 * noise, `seed ${seed}: MAE ${mae.toFixed(4)} vs noise ${noise.toFixed(4)}`);
      const plain = formulaModel(RELU_SUM_FORMULA, { units: 16, seed, extent });
      if ('error' in plain) throw new Error(plain.error.message);
      const baseline = new Trainer(plain.program, data, plain.init, config);
      baseline.run(3000);
      assert.ok(baseline.currentStep().loss > 3 * mae, `the plain sum of ReLUs stays convex: ${baseline.currentStep().loss}`);
    }
  });
});
