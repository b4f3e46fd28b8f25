// The message protocol: every message type is checked, malformed ones are refused with a reason.
import * as assert from 'assert';
import * as vm from 'vm';
import { newestState } from '../../../src/protocol/merge';
import { validateHostMessage, validateWebviewMessage } from '../../../src/protocol/messages';
import { normalizeSettings } from '../../../src/protocol/settings';
import { PlaygroundState, STATE_VERSION, validateState } from '../../../src/protocol/state';
import { defaultState } from '../../../webview/app/state';

const settings = { backend: 'auto', stepsPerFrame: 10, learningRate: 0.01 } as const;
const state = (): PlaygroundState => JSON.parse(JSON.stringify(defaultState(settings)));

describe('protocol: host → webview messages', () => {
  it('accepts each well-formed message', () => {
    for (const message of [
      { type: 'init', settings, state: null, request: null },
      { type: 'init', settings, state: state(), request: { preset: 'nRelus', units: 8 } },
      { type: 'open', request: { preset: 'relu' } },
      { type: 'settings', settings },
      { type: 'csv', name: 'data.csv', text: 'x,y\n1,2\n' },
    ]) {
      const checked = validateHostMessage(message);
      assert.ok(checked.ok, JSON.stringify(checked));
    }
  });

  it('refuses malformed messages with a reason naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      ['init', /not an object/],
      [{ type: 'nope' }, /unknown host message type "nope"/],
      [{ type: 'open', request: { preset: 'cubic' } }, /open\.request\.preset: must be one of/],
      [
        { type: 'open', request: { preset: 'nRelus', units: 0 } },
        /open\.request\.units: The number of ReLUs must be a whole number from 1 to 256/,
      ],
      [{ type: 'settings', settings: { ...settings, stepsPerFrame: 1.5 } }, /stepsPerFrame/],
      [{ type: 'settings', settings: { ...settings, learningRate: NaN } }, /settings\.learningRate: must be a finite number/],
      [{ type: 'csv', name: 'a.csv', text: 42 }, /csv\.text: must be a string/],
      [{ type: 'init', settings, state: { version: 1 }, request: null }, new RegExp(`init\\.state\\.version: must be ${STATE_VERSION}`)],
    ];
    for (const [message, reason] of cases) {
      const checked = validateHostMessage(message);
      assert.ok(!checked.ok, JSON.stringify(message));
      assert.match(checked.error, reason);
    }
  });
});

describe("protocol: a data file's bytes", () => {
  const file = (bytes: unknown) => ({ type: 'dataFile', purpose: 'new', name: 'm.csv', path: null, bytes, mtime: 0 });
  const made = new TextEncoder().encode('x,y\n1,2\n');

  it('takes a Uint8Array of this frame or of another (as the workbench delivers it), a view into a larger buffer, an ArrayBuffer', () => {
    const otherFrame = vm.runInNewContext('new Uint8Array(bytes)', { bytes: Array.from(made) }) as Uint8Array;
    assert.strictEqual(otherFrame instanceof Uint8Array, false, 'made in another realm');
    const inLarger = new Uint8Array(made.length + 8);
    inLarger.set(made, 3);
    for (const bytes of [made, otherFrame, inLarger.subarray(3, 3 + made.length), made.slice().buffer]) {
      const checked = validateHostMessage(file(bytes));
      assert.ok(checked.ok, JSON.stringify(checked));
      const got = (checked.value as { bytes: Uint8Array }).bytes;
      assert.ok(got instanceof Uint8Array);
      assert.deepStrictEqual(Array.from(got), Array.from(made));
    }
  });

  it('refuses what is not bytes', () => {
    for (const bytes of [Array.from(made), 'x,y', { 0: 120, length: 1 }, null]) {
      const checked = validateHostMessage(file(bytes));
      assert.ok(!checked.ok && /bytes: must be bytes/.test(checked.error), JSON.stringify(checked));
    }
  });
});

describe('protocol: webview → host messages', () => {
  it('accepts each well-formed message', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'state', state: state() },
      { type: 'copy', text: 'abc', label: 'the log' },
      { type: 'openCode', code: 'import torch', language: 'python' },
      { type: 'saveImage', format: 'png', data: 'iVBOR', name: 'nn-fit.png' },
      { type: 'pickCsv' },
      { type: 'log', level: 'warn', message: 'hello' },
    ]) {
      assert.ok(validateWebviewMessage(message).ok, JSON.stringify(message));
    }
  });

  it('refuses a file name with a path and unknown formats or levels', () => {
    assert.match(
      (validateWebviewMessage({ type: 'saveImage', format: 'png', data: '', name: '../../etc/x.png' }) as { error: string }).error,
      /plain file name/,
    );
    assert.ok(!validateWebviewMessage({ type: 'saveImage', format: 'gif', data: '', name: 'a.gif' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'log', level: 'debug', message: 'x' }).ok);
    assert.ok(!validateWebviewMessage({ type: 'openCode', code: 'x', language: 'javascript' }).ok);
  });
});

describe('protocol: persisted state', () => {
  it('accepts the default state and refuses broken ones', () => {
    assert.ok(validateState(state()).ok);
    const broken: [(s: PlaygroundState) => void, RegExp][] = [
      [(s) => (s.params = [1, 2]), /state: must have init and params of the same length/],
      [(s) => (s.params[0] = NaN), /state\.params\[0\]: must be a finite number/],
      [(s) => (s.ranges.a = [2, 1]), /min < max/],
      [(s) => (s.history.losses = [1]), /state\.history: must have steps and losses of the same length/],
      [
        (s) => (s.data = { kind: 'csv', name: 'a', x: [1], y: [1] }),
        /state\.data: must have at least 2 points, or a path to read them from/,
      ],
      [(s) => (s.data = { kind: 'csv', name: 'a', x: [], y: [] }), /state\.data: must have at least 2 points, or a path to read them from/],
      [(s) => (s.data = { kind: 'csv', name: 'a', x: [1, 2], y: [1] }), /state\.data: must have x and y of the same length/],
      [(s) => ((s.train as { loss: string }).loss = 'huber'), /train\.loss/],
      [(s) => ((s as { version: number }).version = STATE_VERSION + 1), new RegExp(`state\\.version: must be ${STATE_VERSION}`)],
    ];
    // Too many points to save: the file's path stands for them; the fields the loader adds survive the check.
    const big = state();
    big.data = {
      kind: 'csv',
      name: 'm.csv',
      x: [],
      y: [],
      source: 'file',
      path: 'file:///w/m.csv',
      count: 1e6,
      columns: { x: 't', y: 'v', xIndex: 0, yIndex: 2 },
      summary: 'all used',
      mtime: 5,
    };
    const kept = validateState(big);
    assert.ok(kept.ok);
    assert.deepEqual(kept.value.data, big.data);
    for (const [breakIt, reason] of broken) {
      const s = state();
      breakIt(s);
      const checked = validateState(s);
      assert.ok(!checked.ok);
      assert.match(checked.error, reason);
    }
  });

  it('picks the more recently saved of two states', () => {
    const older = { ...state(), savedAt: 1000 };
    const newer = { ...state(), savedAt: 2000 };
    assert.strictEqual(newestState(older, newer), newer);
    assert.strictEqual(newestState(newer, older), newer);
    assert.strictEqual(newestState(null, older), older);
    assert.strictEqual(newestState(older, null), older);
    assert.strictEqual(newestState(null, null), null);
    assert.ok(!validateState({ ...state(), savedAt: 'yesterday' }).ok);
  });

  it('normalizes settings, replacing what is out of range by the default', () => {
    assert.deepStrictEqual(normalizeSettings({ backend: 'webgpu', stepsPerFrame: 50, learningRate: 0.1 }), {
      backend: 'webgpu',
      stepsPerFrame: 50,
      learningRate: 0.1,
    });
    assert.deepStrictEqual(normalizeSettings({ backend: 'tpu', stepsPerFrame: -3, learningRate: 0 }), {
      backend: 'auto',
      stepsPerFrame: 10,
      learningRate: 0.01,
    });
    assert.deepStrictEqual(normalizeSettings({}), { backend: 'auto', stepsPerFrame: 10, learningRate: 0.01 });
  });
});
