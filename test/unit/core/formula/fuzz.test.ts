// Fuzzing the parser and compiler (fixed seeds, bounded counts): random strings and mutations of
// valid formulas, with built-in property names as names, never throw; every result is a program
// or an error with a position inside the text and a message that names it.
import * as assert from 'node:assert/strict';
import { RandomState } from '../../../../src/core/data/rng';
import { compileFormula } from '../../../../src/core/formula/compile';
import { LIMITS } from '../../../../src/core/limits';

const FORMULA_MAX_CHARS = LIMITS.formulaChars;
import { BUILT_IN_NAMES } from './names.test';

const VALID = [
  'a*x**2 + b*x + c',
  'torch.clip(m*x + b, 0.)',
  'torch.clip(m1*x + b1, 0.) + torch.clip(m2*x + b2, 0.)',
  'np.clip(x, a_min=-1, a_max=1)*w',
  'sum(relu(m*x + b))',
  'Math.exp(-x**2/(2*s**2))/sqrt(2*pi)',
  'max(a*x, b) - min(x, c) + pow(x, 2)**-1',
  'sigmoid(k*(x - x0)) + log(abs(x) + 1e-3)',
  '-(-(-x)) ^ 2 + .5e-3 * 3.',
];
const PIECES = [
  '(',
  ')',
  ',',
  '=',
  '+',
  '-',
  '*',
  '/',
  '**',
  '^',
  '.',
  'e',
  '1e999',
  '0',
  '-0',
  '1e308',
  ' ',
  'x',
  'a',
  'min=',
  'torch.',
  'np.',
  'Math.',
  'sum(',
  'clip(',
  'sin(',
  '$',
  '\n',
  '\u00e9',
  '\ud83d\ude00',
  '\u0000',
];

function checkResult(text: string): void {
  let result: ReturnType<typeof compileFormula>;
  try {
    result = compileFormula(text, { vectors: { m: 3, b: 3 } });
  } catch (error) {
    assert.fail(`compileFormula threw on ${JSON.stringify(text.slice(0, 200))}: ${(error as Error).stack}`);
  }
  if (result.ok) {
    assert.ok(result.value.nodes.length > 0);
    return;
  }
  const { position, message, expected } = result.error;
  assert.ok(
    Number.isInteger(position) && position >= 0 && position <= Math.max(text.length, FORMULA_MAX_CHARS),
    `${text}: position ${position}`,
  );
  assert.ok(message.includes(`position ${position + 1}`), `${JSON.stringify(text)}: "${message}" names position ${position + 1}`);
  assert.ok(typeof expected === 'string' && expected.length > 0);
}

describe('fuzz: parser and compiler', function () {
  this.timeout(30000);
  const rng = new RandomState(20261201);
  const int = (n: number) => Math.floor(rng.randomDouble() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];

  it('random strings of formula pieces and built-in names (4,000)', () => {
    for (let k = 0; k < 4000; k++) {
      const parts: string[] = [];
      const length = 1 + int(30);
      for (let i = 0; i < length; i++) parts.push(rng.randomDouble() < 0.3 ? pick(BUILT_IN_NAMES) : pick(PIECES));
      checkResult(parts.join(rng.randomDouble() < 0.5 ? '' : ' '));
    }
  });

  it('random characters (2,000)', () => {
    for (let k = 0; k < 2000; k++) {
      const length = int(40);
      checkResult(Array.from({ length }, () => String.fromCharCode(int(rng.randomDouble() < 0.8 ? 128 : 0x10000))).join(''));
    }
  });

  it('mutations of valid formulas: insert, delete, replace, duplicate, swap in a built-in name (6,000)', () => {
    for (let k = 0; k < 6000; k++) {
      let text = pick(VALID);
      const edits = 1 + int(4);
      for (let e = 0; e < edits; e++) {
        const at = int(text.length + 1);
        switch (int(5)) {
          case 0:
            text = text.slice(0, at) + pick(PIECES) + text.slice(at);
            break;
          case 1:
            text = text.slice(0, at) + text.slice(at + 1 + int(3));
            break;
          case 2:
            text = text.slice(0, at) + pick(PIECES) + text.slice(at + 1);
            break;
          case 3:
            text = text.slice(0, at) + text.slice(int(text.length)) + text.slice(at);
            break;
          default:
            text = text.replace(/\b[a-z]\w*\b/, pick(BUILT_IN_NAMES));
        }
      }
      checkResult(text);
    }
  });

  it('every built-in name in every role of a valid formula', () => {
    const roles = ['N', 'N*x', 'N(x)', 'N(x, 1)', 'x.N', 'Math.N', 'Math.N(x)', 'clip(x, N=1)', 'sin(x, N=1)', 'N.N', 'N = 1', 'N*x + N'];
    for (const name of BUILT_IN_NAMES) for (const role of roles) checkResult(role.replaceAll('N', name));
  });

  it('long and deep inputs at and past the limits', () => {
    for (const unit of ['(', 'sin(', '-', 'x**', 'x+', '1', 'a', ' ', '((x)+', 'clip(x, min=']) {
      for (const count of [100, 199, 200, 201, 500, 999, 1000, 5000])
        checkResult(unit.repeat(count) + 'x' + ')'.repeat(unit.includes('(') ? count : 0));
    }
  });
});
