// The chapter "N ReLUs summed is a one-layer network" through the real controller: it opens the
// lesson's plain sum(relu(m*x + b)) with 8 ReLUs started apart; that model, at the learner's own
// values (moved and trained), is the 1 → 8 → 1 network with output weights 1 whose loss the
// tensor engine computes to the formula engine's; "Open as Layers" makes it the model with exactly
// those weights, and training it then moves the output weights the plain sum keeps at 1.
import * as assert from 'assert';
import { MlpEvaluator } from '../../../src/core/model/mlp-evaluator';
import { programAsNetwork } from '../../../src/core/model/relus-as-network';
import { validateState } from '../../../src/protocol/state';
import { Playground } from '../../../webview/app/playground';
import { rememberChapter } from '../../../webview/lesson/chapters';
import { RELUS_NETWORK_CHAPTER } from '../../../src/protocol/lesson';
import { withNetworkWeights } from '../../../webview/layers/network-state';

const settings = { backend: 'cpu', stepsPerFrame: 10, learningRate: 0.01 } as const;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('the chapter "N ReLUs summed is a one-layer network"', function () {
  this.timeout(30_000);

  it('shows the learner’s sum of ReLUs as the 1 → 8 → 1 network, with the same loss, and opens it as Layers', async () => {
    const playground = new Playground(settings, { save: () => undefined });
    playground.chooseChapter(RELUS_NETWORK_CHAPTER);
    assert.strictEqual(playground.state.chapter, RELUS_NETWORK_CHAPTER);
    assert.strictEqual(playground.state.model.formula, 'sum(relu(m*x + b))');
    assert.deepStrictEqual(playground.state.model.vectors, { m: 8, b: 8 });
    const m = playground.params.subarray(0, 8);
    assert.strictEqual(new Set(m).size, 8, 'the ReLUs start apart');
    playground.setParam(3, 0.25);
    await playground.step();
    await playground.step();
    for (const loss of ['mae', 'mse'] as const) {
      if (playground.state.train.loss !== loss) assert.strictEqual(playground.setTrain({ loss }), null);
      const found = programAsNetwork(playground.model.program!, playground.params);
      assert.ok(found);
      assert.deepStrictEqual(found.spec, { inputs: 1, hidden: [{ width: 8, activation: 'relu' }] });
      assert.deepStrictEqual(Array.from(found.params.subarray(0, 16)), Array.from(playground.params), 'W1 = m, b1 = b');
      assert.deepStrictEqual(Array.from(found.params.subarray(16)), [1, 1, 1, 1, 1, 1, 1, 1, 0], 'W2 = 1, b2 = 0');
      const network = new MlpEvaluator(found.spec, playground.data).loss(found.params, playground.data.y, loss);
      assert.ok(close(network, playground.loss), `${loss}: network ${network}, formula ${playground.loss}`);
    }
    // Open as Layers: the same weights, so the same loss; then the output layer learns too.
    const found = programAsNetwork(playground.model.program!, playground.params)!;
    const before = playground.loss;
    const network = { inputs: 1, hidden: found.spec.hidden, seed: 0 };
    playground.load({ ...withNetworkWeights(rememberChapter(playground.state), network, found.params), data: playground.state.data });
    assert.strictEqual(playground.state.model.preset, 'layers');
    assert.deepStrictEqual(playground.state.params, Array.from(found.params));
    assert.ok(close(playground.loss, before));
    assert.ok(validateState(JSON.parse(JSON.stringify(playground.state))).ok);
    await playground.step();
    assert.ok(
      playground.state.params.slice(16, 24).some((w) => w !== 1),
      'the output weights move once they are parameters',
    );
  });
});
