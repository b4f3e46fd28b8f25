// torch.linspace's float32 CPU kernel, bit for bit, against real PyTorch (scripts/golden-torch-linspace.py).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fmaF32, linspaceExactF32, linspaceF32, linspaceTorchF32 } from '../../../../src/core/data/linspace';
import { fromRoot } from '../../../repo-root';

interface Case {
  start: number;
  end: number;
  n: number;
  f32_hex: string;
}
const golden = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'torch-linspace.json'), 'utf8')) as { cases: Case[] };

function hexOf(values: Float64Array): string {
  const f = new Float32Array(values);
  const bits = new Uint32Array(f.buffer);
  return Array.from(bits, (b) => b.toString(16).padStart(8, '0')).join('');
}

describe('linspace: torch.linspace float32, bit for bit', () => {
  it(`matches real torch on all ${golden.cases.length} configurations of the golden file`, () => {
    const wrong: string[] = [];
    for (const c of golden.cases) {
      const values = linspaceTorchF32(c.start, c.end, c.n);
      for (const v of values) assert.equal(Math.fround(v), v, 'every value is a float32');
      if (hexOf(values) !== c.f32_hex) wrong.push(`(${c.start}, ${c.end}, ${c.n})`);
    }
    assert.deepEqual(wrong, [], `differs from torch on ${wrong.length} of ${golden.cases.length}`);
  });

  it('covers n from 1 to 100 and the ranges the lesson and the kinks use', () => {
    const has = (start: number, end: number, n: number) => golden.cases.some((c) => c.start === start && c.end === end && c.n === n);
    for (let n = 1; n <= 100; n++) assert.ok(has(-2, 2, n), `(-2, 2, ${n})`);
    assert.ok(has(-2, 2, 20) && has(-2, 2, 21) && has(3, -1, 257) && has(-2, 2, 32768));
  });

  it("puts the lesson's x[9], x[10] and the 21-point middle where torch does (not the plain formula)", () => {
    const lesson = linspaceTorchF32(-2, 2, 20);
    assert.equal(lesson[9], -0.10526314377784729);
    assert.equal(lesson[10], 0.10526317358016968);
    assert.equal(linspaceExactF32(-2, 2, 20)[9], -0.1052631139755249);
    assert.equal(linspaceTorchF32(-2, 2, 21)[10], 2 ** -25);
    assert.equal(linspaceExactF32(-2, 2, 21)[10], 0);
  });

  it("keeps the plain formula as the 'exact' mode and defaults to torch", () => {
    assert.deepEqual(linspaceF32(-2, 2, 21), linspaceTorchF32(-2, 2, 21));
    assert.deepEqual(linspaceF32(-2, 2, 21, 'exact'), linspaceExactF32(-2, 2, 21));
  });

  it('fmaF32 rounds a*b + c once, including exact float32 ties', () => {
    // 1 + 2^-24 is halfway between 1 and 1 + 2^-23; a tiny extra term decides the direction.
    const tie = 2 ** -24;
    assert.equal(fmaF32(tie, 1, 1), 1); // exact tie: to even
    assert.equal(fmaF32(Math.fround(1 + 2 ** -23), tie, 1), Math.fround(1 + 2 ** -23)); // just above the tie
    assert.equal(fmaF32(-Math.fround(1 + 2 ** -23), tie, 1), Math.fround(1 - 2 ** -24)); // just below 1
    assert.equal(fmaF32(3, 5, -15), 0);
  });
});
