// The "Layers" model through the real controller (webview/app/playground.ts, no DOM): a version 2
// state (test/fixtures/state-v2.json, written by version 2's own validator from the version 1
// fixture, with views) migrates to 3 and restores exactly; a network state with two-input data and
// the layers' views round-trips through the validator and a fresh Playground; a state whose weights
// do not fit its network is refused, kept and said; data of two inputs turns a formula into a
// network, and a network follows the data's inputs.
import * as assert from 'assert';
import * as fs from 'fs';
import { generatePlaneData } from '../../../../src/core/data/generate-plane';
import { float32Function2 } from '../../../../src/core/formula/pointwise';
import { initMlp, mlpParamCount } from '../../../../src/core/model/mlp';
import { MlpEvaluator } from '../../../../src/core/model/mlp-evaluator';
import { migrateState } from '../../../../src/protocol/migrate';
import { STATE_VERSION, validateState } from '../../../../src/protocol/state';
import { NetworkEvaluation } from '../../../../webview/layers/network-evaluation';
import { fromRoot } from '../../../repo-root';
import { open, restore, SAVE_SETTLES, sleep } from '../playground-fixture';

const PLANE = { fn: '3*x1**2 + 2*x2 + 1', n: 50, min: -2, max: 2, min2: -1, max2: 1, mult: 0, add: 0.1, seed: 7 };

describe('the Layers model in the saved state and the controller', function () {
  this.timeout(60_000);

  it('a version 2 state migrates to 3 with nothing changed but the version, and restores exactly', async () => {
    const old = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'state-v2.json'), 'utf8'));
    assert.strictEqual(old.version, 2);
    assert.deepStrictEqual(migrateState(old), { ...old, version: STATE_VERSION });
    const { playground, saves, notices } = open();
    restore(playground, old);
    assert.strictEqual(notices[notices.length - 1], null);
    const s = playground.state;
    for (const key of ['model', 'params', 'init', 'ranges', 'data', 'step', 'direction', 'history', 'views'] as const)
      assert.deepStrictEqual(s[key], old[key], key);
    await sleep(SAVE_SETTLES);
    assert.strictEqual(saves[saves.length - 1].version, STATE_VERSION);
  });

  it('opens Layers, takes two-input data, and a reload restores the network, its weights, the data and the views', async () => {
    const { playground, saves } = open();
    playground.openRequest({ preset: 'layers' });
    assert.strictEqual(playground.state.model.preset, 'layers');
    assert.deepStrictEqual(playground.state.params, Array.from(initMlp({ inputs: 1, hidden: playground.state.model.network!.hidden }, 0)));
    playground.setGenerator(PLANE);
    const network = playground.state.model.network!;
    assert.strictEqual(network.inputs, 2, 'the network takes the data’s two inputs');
    assert.ok(playground.evaluation instanceof NetworkEvaluation && playground.evaluation.plane);
    playground.setNetwork({ ...network, hidden: [{ width: 5, activation: 'tanh' }], seed: 3 });
    playground.setViews({ open: [], layers: { weights: false, neurons: true, points: 'residual' } });
    await playground.step();
    await playground.step();
    await sleep(SAVE_SETTLES);
    const last = saves[saves.length - 1];
    const checked = validateState(JSON.parse(JSON.stringify(last)));
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    const again = open();
    again.playground.restore(checked.value);
    const s = again.playground.state;
    assert.deepStrictEqual(s.model.network, { inputs: 2, hidden: [{ width: 5, activation: 'tanh' }], seed: 3 });
    assert.strictEqual(s.step, 2);
    assert.deepStrictEqual(s.params, last.params);
    assert.deepStrictEqual(s.views?.layers, { weights: false, neurons: true, points: 'residual' });
    // The title's loss is the core's, on the regenerated data, at the restored weights.
    const data = generatePlaneData(PLANE, float32Function2(PLANE.fn));
    const core = new MlpEvaluator({ inputs: 2, hidden: [{ width: 5, activation: 'tanh' }] }, data);
    assert.strictEqual(again.playground.loss, core.loss(Float64Array.from(s.params), data.y, 'mae'));
    assert.notDeepStrictEqual(
      s.params,
      Array.from(initMlp({ inputs: 2, hidden: [{ width: 5, activation: 'tanh' }] }, 3)),
      'two steps were taken',
    );
  });

  it('refuses a network state whose values do not fit it, and one with a network on a formula preset', () => {
    const { playground } = open();
    playground.openRequest({ preset: 'layers' });
    const good = JSON.parse(JSON.stringify({ ...playground.state, version: STATE_VERSION }));
    assert.ok(validateState(good).ok);
    const short = { ...good, params: good.params.slice(1), init: good.init.slice(1) };
    assert.match((validateState(short) as { error: string }).error, /the network has 97 parameters but the state holds 96 values/);
    const wide = { ...good, model: { ...good.model, network: { ...good.model.network, hidden: [{ width: 300, activation: 'relu' }] } } };
    assert.match((validateState(wide) as { error: string }).error, /width: must be a whole number from 1 to 256/);
    const odd = { ...good, model: { ...good.model, preset: 'quadratic' } };
    assert.match((validateState(odd) as { error: string }).error, /network exactly when the preset is "layers"/);
    const act = { ...good, model: { ...good.model, network: { ...good.model.network, hidden: [{ width: 2, activation: 'gelu' }] } } };
    assert.ok(!validateState(act).ok);
    const x2 = { ...good, data: { kind: 'csv', name: 'p.csv', x: [1, 2, 3], y: [1, 2, 3], x2: [1, 2] } };
    assert.match((validateState(x2) as { error: string }).error, /x1 and x2 of the same length/);
    const half = { ...good, data: { kind: 'generator', settings: { ...PLANE, max2: undefined } } };
    assert.ok(!validateState(JSON.parse(JSON.stringify(half))).ok, 'half an x2 range');
  });

  it('two-input data turns a formula into a network (and says so); one-input data brings the network back to one input', () => {
    const { playground, notices } = open();
    assert.strictEqual(playground.state.model.preset, 'quadratic');
    playground.loadCsv('plane.csv', 'x1,x2,y\n0,0,1\n1,0,4\n0,1,3\n1,1,6\n');
    assert.strictEqual(playground.state.model.preset, 'layers');
    assert.strictEqual(playground.state.model.network?.inputs, 2);
    assert.match(
      notices
        .filter(Boolean)
        .map((n) => n!.text)
        .join(' '),
      /two inputs/,
    );
    assert.deepStrictEqual(playground.state.data.kind === 'csv' && playground.state.data.x2, [0, 0, 1, 1]);
    assert.strictEqual(playground.params.length, mlpParamCount({ inputs: 2, hidden: playground.state.model.network!.hidden }));
    playground.setGenerator({ fn: '3*x**2 + 2*x + 1', n: 20, min: -2, max: 2, mult: 0, add: 0, seed: 0 });
    assert.strictEqual(playground.state.model.network?.inputs, 1);
    assert.strictEqual(playground.params.length, 97);
  });
});
