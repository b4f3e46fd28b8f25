// Training (src/core/train/sgd.ts) against the NumPy reference loop step by step: accumulation,
// schedules, divergence, reset, and the state handed over to another trainer exactly.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateData, NOTEBOOK_SETTINGS } from '../../../../src/core/data/generate';
import { float32Function } from '../../../../src/core/formula/pointwise';
import { presetModel, sumOfRelus } from '../../../../src/core/model/presets';
import { validateSchedule } from '../../../../src/core/train/rules';
import { defaultSchedule, learningRate, Schedule, StepRecord, Trainer } from '../../../../src/core/train/sgd';
import { fromRoot } from '../../../repo-root';

interface GoldenRow {
  step: number;
  loss: number;
  params: number[];
  grad: number[];
}
const golden = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'lesson-golden.json'), 'utf8')) as Record<string, GoldenRow[]> & {
  x: number[];
  y: number[];
};
const data = generateData(NOTEBOOK_SETTINGS, float32Function(NOTEBOOK_SETTINGS.fn));

function close(a: number, b: number, tolerance = 1e-12): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
}

function trace(accumulateGrad: boolean, loss: 'mae' | 'mse', steps: number): StepRecord[] {
  const quad = presetModel('quadratic');
  const trainer = new Trainer(quad.program, data, quad.init, { lr: 0.01, schedule: { kind: 'constant' }, loss, accumulateGrad });
  const records: StepRecord[] = [];
  trainer.run(steps, (r) => records.push(r));
  records.push(trainer.currentStep());
  return records;
}

describe('training', () => {
  it('uses the same data as the NumPy reference', () => {
    assert.deepEqual(Array.from(data.y), golden.y);
  });

  for (const [name, accumulate, loss, steps] of [
    ['mae_accumulate', true, 'mae', 10],
    ['mae_plain', false, 'mae', 30],
    ['mse_plain', false, 'mse', 30],
  ] as const) {
    it(`reproduces the NumPy reference loop ${name} (loss, params, gradient at every step)`, () => {
      const records = trace(accumulate, loss, steps);
      assert.equal(records.length, golden[name].length);
      records.forEach((record, k) => {
        const expected = golden[name][k];
        assert.equal(record.step, expected.step);
        assert.ok(close(record.loss, expected.loss), `step ${k} loss ${record.loss} vs ${expected.loss}`);
        record.params.forEach((v, i) => assert.ok(close(v, expected.params[i]), `step ${k} param ${i}`));
        record.grad.forEach((v, i) => assert.ok(close(v, expected.grad[i]), `step ${k} grad ${i}`));
      });
    });
  }

  it('accumulating differs from plain steps after the first update, as in the notebook', () => {
    const plain = trace(false, 'mae', 3);
    const accumulated = trace(true, 'mae', 3);
    assert.deepEqual(plain[1].params, accumulated[1].params);
    assert.notDeepEqual(plain[2].params, accumulated[2].params);
    accumulated[2].direction.forEach((d, i) =>
      assert.ok(close(d, accumulated[0].grad[i] + accumulated[1].grad[i] + accumulated[2].grad[i])),
    );
  });

  it('lowers the loss of the lesson fit and of 16 ReLUs', () => {
    const quad = presetModel('quadratic');
    const trainer = new Trainer(quad.program, data, quad.init, {
      lr: 0.01,
      schedule: { kind: 'constant' },
      loss: 'mae',
      accumulateGrad: false,
    });
    const start = trainer.currentStep().loss;
    trainer.run(500);
    assert.ok(trainer.currentStep().loss < start * 0.5);
    const relus = sumOfRelus(16, 1);
    const net = new Trainer(relus.program, data, relus.init, {
      lr: 0.01,
      schedule: { kind: 'constant' },
      loss: 'mse',
      accumulateGrad: false,
    });
    const netStart = net.currentStep().loss;
    net.run(2000);
    assert.ok(net.currentStep().loss < netStart * 0.5, `${net.currentStep().loss} vs ${netStart}`);
  });

  it('stops a diverging run with the step and keeps the last good parameters', () => {
    const quad = presetModel('quadratic');
    const trainer = new Trainer(quad.program, data, quad.init, {
      lr: 100,
      schedule: { kind: 'constant' },
      loss: 'mse',
      accumulateGrad: false,
    });
    const seen: StepRecord[] = [];
    const result = trainer.run(10_000, (r) => seen.push(r));
    assert.ok(result.diverged);
    assert.equal(result.steps, seen.length);
    assert.equal(result.diverged!.step, seen.length);
    assert.match(result.diverged!.reason, /^diverged at step \d+: the loss became (infinite|NaN)/);
    assert.deepEqual(trainer.params, seen[seen.length - 1].params);
    assert.ok(trainer.params.every(Number.isFinite));
  });

  it('follows each learning-rate schedule', () => {
    assert.equal(learningRate(0.1, { kind: 'constant' }, 999), 0.1);
    assert.equal(learningRate(0.1, { kind: 'step', every: 10, gamma: 0.5 }, 9), 0.1);
    assert.equal(learningRate(0.1, { kind: 'step', every: 10, gamma: 0.5 }, 25), 0.025);
    assert.ok(close(learningRate(0.1, { kind: 'exponential', gamma: 0.9 }, 2), 0.081));
    assert.equal(learningRate(0.1, { kind: 'cosine', steps: 100, minLr: 0.01 }, 0), 0.1);
    assert.ok(close(learningRate(0.1, { kind: 'cosine', steps: 100, minLr: 0.01 }, 50), 0.055));
    assert.equal(learningRate(0.1, { kind: 'cosine', steps: 100, minLr: 0.01 }, 500), 0.01);
    for (const kind of ['constant', 'step', 'exponential', 'cosine'] as const) assert.equal(validateSchedule(defaultSchedule(kind)), null);
    const bad: Schedule[] = [
      { kind: 'step', every: 0, gamma: 0.5 },
      { kind: 'exponential', gamma: 1.5 },
      { kind: 'cosine', steps: 0, minLr: 0 },
    ];
    for (const schedule of bad) assert.ok(validateSchedule(schedule));
  });

  it('applies the schedule to each update', () => {
    const quad = presetModel('quadratic');
    const schedule: Schedule = { kind: 'step', every: 1, gamma: 0.5 };
    const trainer = new Trainer(quad.program, data, quad.init, { lr: 0.01, schedule, loss: 'mae', accumulateGrad: false });
    const records: StepRecord[] = [];
    trainer.run(3, (r) => records.push(r));
    records.push(trainer.currentStep());
    for (let k = 0; k < 3; k++) {
      assert.equal(records[k].lr, 0.01 * 0.5 ** k);
      records[k + 1].params.forEach((v, i) => assert.ok(close(v, records[k].params[i] - records[k].lr * records[k].grad[i])));
    }
  });

  it('resets and takes parameters set by hand', () => {
    const quad = presetModel('quadratic');
    const trainer = new Trainer(quad.program, data, quad.init, {
      lr: 0.01,
      schedule: { kind: 'constant' },
      loss: 'mae',
      accumulateGrad: true,
    });
    const start = trainer.currentStep();
    trainer.run(5);
    trainer.reset(quad.init);
    assert.equal(trainer.step, 0);
    assert.deepEqual(trainer.currentStep(), start);
    trainer.setParams(new Float64Array([3, 2, 1]));
    assert.ok(trainer.currentStep().loss < start.loss);
    assert.throws(() => new Trainer(quad.program, data, new Float64Array(2), trainer.config), /Expected 3 starting values/);
  });
});

describe('training state hand-over', () => {
  it('carries the step, parameters and accumulated gradient to another trainer exactly', () => {
    const quad = presetModel('quadratic');
    const config = { lr: 0.01, schedule: { kind: 'exponential', gamma: 0.9 } as Schedule, loss: 'mae' as const, accumulateGrad: true };
    const straight = new Trainer(quad.program, data, quad.init, config);
    straight.run(12);
    const first = new Trainer(quad.program, data, quad.init, config);
    first.run(5);
    const second = new Trainer(quad.program, data, new Float64Array(3), config);
    second.importState(first.exportState());
    second.run(7);
    assert.equal(second.step, 12);
    assert.deepEqual(second.currentStep(), straight.currentStep());
  });
});
