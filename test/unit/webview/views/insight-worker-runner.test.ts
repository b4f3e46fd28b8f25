// The insight worker's runner in Node, as the worker runs it (only setTimeout is replaced by a
// queue the test drains): the landscape's levels arrive coarse to fine and equal the core's loss
// at every grid point; a newer map or a cancel drops the older; a slice equals the core's slice;
// a job for data the worker was not sent is refused with an error, not answered wrongly.
import * as assert from 'node:assert/strict';
import { createEvaluator } from '../../../../src/core/eval/create-evaluator';
import { generateData, NOTEBOOK_SETTINGS } from '../../../../src/core/data/generate';
import { float32Function } from '../../../../src/core/formula/pointwise';
import { gridValue } from '../../../../src/core/insight/landscape';
import { lossSlice } from '../../../../src/core/insight/slice';
import { presetModel } from '../../../../src/core/model/presets';
import type { InsightReply, InsightRequest } from '../../../../webview/views/insight-worker-messages';
import { InsightRunner } from '../../../../webview/views/insight-worker-runner';

function harness(sliceMs = 2) {
  const replies: InsightReply[] = [];
  const queue: (() => void)[] = [];
  const runner = new InsightRunner(
    (reply) => replies.push(reply),
    (work) => queue.push(work),
    sliceMs,
  );
  const drain = () => {
    for (let guard = 0; queue.length && guard < 100_000; guard++) queue.shift()!();
  };
  return { runner, replies, queue, drain };
}

describe('insight worker runner', () => {
  const data = generateData({ ...NOTEBOOK_SETTINGS, n: 3000, seed: 7 }, float32Function(NOTEBOOK_SETTINGS.fn));
  const program = presetModel('quadratic').program;
  const evaluator = createEvaluator(program, data.x, { codegen: false });
  const params = Float64Array.from([0.7, -0.4, 1.9]);
  const dataMessage: InsightRequest = { type: 'data', dataId: 1, program, x: data.x, y: data.y };
  const gridJob = (id: number, loss: 'mae' | 'mse' = 'mae'): InsightRequest => ({
    type: 'grid',
    id,
    dataId: 1,
    loss,
    params,
    i: 0,
    j: 2,
    rangeI: [-1.1, 3.3],
    rangeJ: [-2, 4],
    levels: [9, 17, 33],
  });

  it('posts every level, coarse to fine, each equal to the core loss at its grid points', () => {
    const { runner, replies, drain } = harness();
    runner.handle(dataMessage);
    runner.handle(gridJob(1, 'mse'));
    drain();
    const grids = replies.filter((r) => r.type === 'grid');
    assert.deepEqual(
      grids.map((g) => g.size),
      [9, 17, 33],
    );
    assert.deepEqual(
      grids.map((g) => g.done),
      [false, false, true],
    );
    for (const g of grids) {
      const probe = Float64Array.from(params);
      for (let r = 0; r < g.size; r++) {
        for (let c = 0; c < g.size; c++) {
          probe[0] = gridValue([-1.1, 3.3], g.size, c);
          probe[2] = gridValue([-2, 4], g.size, r);
          assert.equal(g.values[r * g.size + c], evaluator.loss(probe, data.y, 'mse'), `${g.size}: row ${r}, column ${c}`);
        }
      }
    }
    assert.equal(runner.busy, false);
  });

  it('works in slices, and a newer map or a cancel drops the older one', () => {
    const { runner, replies, queue, drain } = harness(0);
    runner.handle(dataMessage);
    runner.handle(gridJob(1));
    queue.shift()!();
    assert.ok(queue.length > 0, 'it yielded before finishing');
    runner.handle(gridJob(2));
    drain();
    const finest = replies.filter((r) => r.type === 'grid' && r.done);
    assert.deepEqual(
      finest.map((r) => r.type === 'grid' && r.id),
      [2],
      'only the newer map finished',
    );
    replies.length = 0;
    runner.handle(gridJob(3));
    runner.handle({ type: 'cancelGrid' });
    drain();
    assert.deepEqual(replies, []);
    assert.equal(runner.busy, false);
  });

  it("answers a slice with the core's slice", () => {
    const { runner, replies } = harness();
    runner.handle(dataMessage);
    runner.handle({ type: 'slice', id: 5, dataId: 1, loss: 'mae', params, index: 2, range: [-1, 3], affine: true, costPerPoint: 1 });
    const reply = replies[0];
    assert.ok(reply.type === 'slice' && reply.id === 5);
    const expected = lossSlice({ evaluator, y: data.y, loss: 'mae', params, index: 2, range: [-1, 3] }, { affine: true, costPerPoint: 1 });
    assert.deepEqual(reply.slice, expected);
    assert.ok(reply.slice.exact && reply.slice.kinkCount > 0, 'the exact MAE slice, with its kinks');
  });

  it('refuses a job for data it was not sent, and a map over one parameter twice', () => {
    const { runner, replies, drain } = harness();
    runner.handle(gridJob(1));
    assert.equal(replies[0].type, 'error');
    runner.handle(dataMessage);
    runner.handle({ ...gridJob(2), dataId: 2 } as InsightRequest);
    assert.equal(replies[1].type, 'error');
    runner.handle({ ...(gridJob(3) as Extract<InsightRequest, { type: 'grid' }>), j: 0 });
    drain();
    assert.deepEqual(
      replies.map((r) => r.type),
      ['error', 'error', 'error'],
    );
    assert.equal(runner.busy, false);
  });
});
