// Issue 10 item 8: one definition of each field's valid range (src/core/train/rules.ts), used by
// the saved-state and message validators and by the playground's Train section alike: each bad
// value is refused by all of them, with the same sentence.
import * as assert from 'assert';
import { validateSchedule } from '../../../src/core/train/rules';
import { Schedule } from '../../../src/core/train/sgd';
import { validateHostMessage } from '../../../src/protocol/messages';
import { TrainControls, validateState } from '../../../src/protocol/state';
import { Playground } from '../../../webview/app/playground';
import { defaultState } from '../../../webview/app/state';
import { HOST_SETTINGS as settings } from './playground-fixture';

const state = () => JSON.parse(JSON.stringify(defaultState(settings)));

const BAD_TRAIN: [string, Partial<TrainControls>, RegExp][] = [
  ['lr = 0', { lr: 0 }, /learning rate must be a number above 0/],
  ['lr < 0', { lr: -0.01 }, /learning rate must be a number above 0/],
  ['lr = 1e400', { lr: Infinity }, /finite|learning rate/],
  ['step gamma 1e6', { schedule: { kind: 'step', every: 10, gamma: 1e6 } }, /gamma must be in \(0, 1\]/],
  ['step gamma -3', { schedule: { kind: 'step', every: 10, gamma: -3 } }, /gamma must be in \(0, 1\]|above 0/],
  ['exponential gamma 0', { schedule: { kind: 'exponential', gamma: 0 } }, /gamma must be in \(0, 1\]|above 0/],
  ['exponential gamma 1.5', { schedule: { kind: 'exponential', gamma: 1.5 } }, /gamma must be in \(0, 1\]/],
  ['step every 0', { schedule: { kind: 'step', every: 0, gamma: 0.5 } }, /"every" must be a whole number/],
  ['step every 2.5', { schedule: { kind: 'step', every: 2.5, gamma: 0.5 } }, /"every" must be a whole number/],
  ['cosine floor -1', { schedule: { kind: 'cosine', steps: 100, minLr: -1 } }, /minimum rate must be 0 or more/],
  ['cosine floor = lr', { schedule: { kind: 'cosine', steps: 100, minLr: 0.01 } }, /minimum rate must be below the learning rate/],
  ['cosine floor > lr', { schedule: { kind: 'cosine', steps: 100, minLr: 5 } }, /minimum rate must be below the learning rate/],
  ['cosine steps 0', { schedule: { kind: 'cosine', steps: 0, minLr: 0 } }, /number of steps must be a whole number/],
  ['steps per frame 0', { stepsPerFrame: 0 }, /Steps per frame must be a whole number from 1 to 100,000/],
  ['steps per frame 100,001', { stepsPerFrame: 100_001 }, /Steps per frame must be a whole number from 1 to 100,000/],
  ['stop at -1', { stopAt: -1 }, /"Stop at" must be a whole number/],
  ['stop at 0.5', { stopAt: 0.5 }, /"Stop at" must be a whole number/],
];

describe('field ranges: one rule for the validators and the UI', function () {
  this.timeout(30_000);
  const playground = new Playground(settings, { save: () => undefined });

  for (const [label, change, reason] of BAD_TRAIN) {
    it(`${label}: refused by the saved-state validator and by the Train section`, () => {
      const s = state();
      s.train = { ...s.train, ...change };
      const checked = validateState(s);
      assert.ok(!checked.ok, `the validator accepted ${label}`);
      assert.match(checked.error, reason);
      const before = playground.state.train;
      const refused = playground.setTrain(change);
      assert.ok(refused, `the UI accepted ${label}`);
      assert.match(refused, reason);
      assert.deepStrictEqual(playground.state.train, before, 'a refused value changed the state');
    });
  }

  it('the schema states the same sentence as the rule it calls', () => {
    const schedule: Schedule = { kind: 'exponential', gamma: 2 };
    const s = state();
    s.train.schedule = schedule;
    const checked = validateState(s);
    assert.ok(!checked.ok);
    assert.ok(checked.error.endsWith(validateSchedule(schedule)!), checked.error);
    assert.strictEqual(playground.setTrain({ schedule }), validateSchedule(schedule));
  });

  it('settings.learningRate <= 0 or not finite from the host: refused', () => {
    for (const learningRate of [0, -1, NaN, Infinity]) {
      const checked = validateHostMessage({ type: 'settings', settings: { ...settings, learningRate } });
      assert.ok(!checked.ok, String(learningRate));
      assert.match(checked.error, /settings\.settings\.learningRate: /);
    }
    for (const stepsPerFrame of [0, 1.5, 100_001])
      assert.ok(!validateHostMessage({ type: 'settings', settings: { ...settings, stepsPerFrame } }).ok);
  });

  it('good values at the edges pass both', () => {
    for (const change of [
      { lr: 1e-9 },
      { schedule: { kind: 'exponential', gamma: 1 } as Schedule },
      { schedule: { kind: 'cosine', steps: 1, minLr: 0 } as Schedule },
      { stepsPerFrame: 100_000 },
      { stopAt: 0 },
    ]) {
      const s = state();
      s.train = { ...s.train, ...change };
      assert.ok(validateState(s).ok, JSON.stringify(change));
      assert.strictEqual(playground.setTrain(change), null, JSON.stringify(change));
      playground.setTrain(defaultState(settings).train);
    }
  });
});
