// Issue 10 item 9: the validators return an error for anything, never throw: values JSON cannot
// carry (BigInt, Symbol), cycles, getters and Proxy traps that throw, huge lists.
import * as assert from 'assert';
import { validateHostMessage, validateOpenRequest, validateWebviewMessage } from '../../../src/protocol/messages';
import { validateState } from '../../../src/protocol/state';

function throwingGetter(key: string): Record<string, unknown> {
  return Object.defineProperty({}, key, {
    enumerable: true,
    get() {
      throw new Error(`reading ${key}`);
    },
  });
}

const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { type: 'open' };
  o.request = o;
  o.state = o;
  return o;
};

const trap = new Proxy(
  {},
  {
    get() {
      throw new Error('get trap');
    },
    has() {
      throw new Error('has trap');
    },
    ownKeys() {
      throw new Error('ownKeys trap');
    },
    getPrototypeOf() {
      throw new Error('getPrototypeOf trap');
    },
  },
);

const HOSTILE: [string, unknown][] = [
  ['a BigInt type', { type: 10n }],
  ['a Symbol type', { type: Symbol('init') }],
  ['a BigInt field', { type: 'open', request: { preset: 'relu', units: 3n } }],
  ['a BigInt deep in a state', { type: 'state', state: { version: 1n } }],
  ['a getter that throws on type', throwingGetter('type')],
  ['a getter that throws on a field', Object.assign(throwingGetter('request'), { type: 'open' })],
  ['a cycle', cyclic()],
  ['a Proxy whose traps throw', trap],
  ['a Proxy as a field', { type: 'csv', name: trap, text: trap }],
  ['a function', () => 1],
  ['an array', ['init']],
  ['a huge list of numbers', { type: 'state', state: { version: 1, init: new Array(10_000_000) } }],
  ['undefined', undefined],
  ['a string', 'ready'],
];

describe('protocol: hostile input', () => {
  for (const [label, raw] of HOSTILE) {
    it(`returns an error, never throws, for ${label}`, () => {
      for (const validate of [validateHostMessage, validateWebviewMessage, validateState, validateOpenRequest]) {
        const checked = validate(raw);
        assert.strictEqual(checked.ok, false, `${validate.name} accepted ${label}`);
        if (!checked.ok) assert.ok(typeof checked.error === 'string' && checked.error.length > 0);
      }
    });
  }

  it('names the kind of a type JSON cannot carry', () => {
    const checked = validateHostMessage({ type: 10n });
    assert.ok(!checked.ok);
    assert.match(checked.error, /unknown host message type of kind bigint/);
  });
});
