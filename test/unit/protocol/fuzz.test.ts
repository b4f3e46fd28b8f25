// Issue 10 (tests): mutated valid states and messages never throw out of the validators, and
// what a validator accepts is a state the playground can load: its formula compiles into as many
// parameters as it holds, and it passes its own check again. Fixed seeds, bounded counts.
import * as assert from 'assert';
import { validateHostMessage, validateWebviewMessage } from '../../../src/protocol/messages';
import { PlaygroundState, validateState } from '../../../src/protocol/state';
import { buildModel } from '../../../webview/app/model';
import { defaultState, withRequest } from '../../../webview/app/state';
import { fromRoot } from '../../repo-root';
import { mutate, seeded } from './mutate';
import * as fs from 'fs';

const settings = { backend: 'auto', stepsPerFrame: 10, learningRate: 0.01 } as const;
const saved = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'state-v1.json'), 'utf8'));
const bases = (): PlaygroundState[] => [
  JSON.parse(JSON.stringify(defaultState(settings))),
  JSON.parse(JSON.stringify(withRequest(defaultState(settings), { preset: 'nRelus', units: 3 }))),
  validateState(saved).ok ? (validateState(saved) as { value: PlaygroundState }).value : saved,
];

describe('protocol fuzz', function () {
  this.timeout(60_000);

  it('600 mutated states: never a throw; an accepted one loads and checks again', () => {
    const random = seeded(20261201);
    let accepted = 0;
    for (let i = 0; i < 600; i++) {
      const base = bases()[i % 3];
      const raw = mutate(base as never, random);
      let checked;
      assert.doesNotThrow(() => (checked = validateState(raw)), `case ${i}`);
      const result = checked as unknown as ReturnType<typeof validateState>;
      if (!result.ok) {
        assert.ok(result.error.length > 0);
        continue;
      }
      accepted++;
      const built = buildModel(result.value.model);
      assert.ok(built.ok, `case ${i}: accepted a state whose model does not compile`);
      assert.strictEqual(built.value.names.length, result.value.params.length, `case ${i}`);
      assert.ok(validateState(JSON.parse(JSON.stringify(result.value))).ok, `case ${i}: not stable`);
    }
    assert.ok(accepted > 20, `only ${accepted} mutations were valid: the fuzz is not reaching the loader`);
  });

  it('600 mutated messages each way: never a throw', () => {
    const random = seeded(7);
    const state = bases()[0];
    const host = [
      { type: 'init', settings, state, request: null },
      { type: 'open', request: { preset: 'nRelus', units: 8 } },
      { type: 'settings', settings },
      { type: 'csv', name: 'a.csv', text: 'x,y\n1,2\n' },
    ];
    const webview = [
      { type: 'state', state },
      { type: 'copy', text: 'abc', label: 'log' },
      { type: 'saveImage', format: 'png', data: 'iVBOR', name: 'fit.png' },
      { type: 'log', level: 'warn', message: 'hello' },
    ];
    for (let i = 0; i < 600; i++) {
      const toWebview = mutate(host[i % host.length] as never, random);
      const toHost = mutate(webview[i % webview.length] as never, random);
      assert.doesNotThrow(() => validateHostMessage(toWebview), `host case ${i}`);
      assert.doesNotThrow(() => validateWebviewMessage(toHost), `webview case ${i}`);
    }
  });
});
