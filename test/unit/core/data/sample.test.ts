// The chart's sample of a data set: every sample point is the data row its index names, the rows
// come in order, one from each equal run, and data that fits is drawn whole (no index needed).
import * as assert from 'assert';
import { drawSample } from '../../../../src/core/data/sample';

describe('drawSample', () => {
  it('names the data row of every sample point, one per run of the data, in order', () => {
    for (const [total, max, seed] of [
      [10_000, 4000, 1],
      [4001, 4000, 7],
      [123_457, 997, 99],
    ]) {
      const x = Float64Array.from({ length: total }, (_, i) => Math.sin(i) * 1e3);
      const y = Float64Array.from({ length: total }, (_, i) => i * 0.5 - 3);
      const sample = drawSample({ x, y }, max, seed);
      const index = sample.index;
      assert.ok(sample.sampled && index);
      assert.strictEqual(index.length, max);
      const stride = total / max;
      for (let k = 0; k < max; k++) {
        const i: number = index[k];
        assert.strictEqual(sample.x[k], x[i]);
        assert.strictEqual(sample.y[k], y[i]);
        assert.ok(i >= Math.floor(k * stride) && i < Math.min(total, Math.floor((k + 1) * stride) + 1), `point ${k} from its run`);
        if (k > 0) assert.ok(i >= index[k - 1]);
      }
    }
  });

  it('draws data that fits whole, with no index', () => {
    const data = { x: Float64Array.of(1, 2, 3), y: Float64Array.of(4, 5, 6) };
    const sample = drawSample(data, 3);
    assert.strictEqual(sample.sampled, false);
    assert.strictEqual(sample.index, null);
    assert.strictEqual(sample.x, data.x);
  });
});
