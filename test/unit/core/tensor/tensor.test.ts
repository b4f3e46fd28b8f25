// The batched tensor autodiff behind networks: central differences on random shapes, a known
// product, PyTorch's choices at kinks, shape errors that name the shapes.
import * as assert from 'node:assert/strict';
import { RandomState } from '../../../../src/core/data/rng';
import { LossName } from '../../../../src/core/eval/loss';
import { Activation, activate, addBias, lossNode, matmul, matmulTransposed } from '../../../../src/core/tensor/ops';
import { Graph, Tensor } from '../../../../src/core/tensor/tensor';

/** A random graph ending in a loss: returns the leaves and a function giving the loss at the leaves' values. */
function randomChain(rng: RandomState, activation: Activation, loss: LossName, transposed: boolean) {
  const pick = (lo: number, hi: number): number => lo + Math.floor(rng.randomDouble() * (hi - lo + 1));
  const n = pick(1, 9);
  const k = pick(1, 6);
  const m = pick(1, 6);
  const g = new Graph();
  const x = g.param(n, k, rng.uniform(-2, 2, n * k), 'x');
  const w = transposed ? g.param(m, k, rng.uniform(-1, 1, m * k), 'W') : g.param(k, m, rng.uniform(-1, 1, k * m), 'B');
  const b = g.param(1, m, rng.uniform(-1, 1, m), 'b');
  const v = g.param(1, m, rng.uniform(-1, 1, m), 'v');
  const h = activate(g, addBias(g, transposed ? matmulTransposed(g, x, w) : matmul(g, x, w), b), activation);
  const pred = matmulTransposed(g, h, v); // n × 1
  const y = rng.uniform(-1, 1, n);
  const out = lossNode(g, pred, y, loss);
  return { g, leaves: [x, w, b, v], out };
}

function value(g: Graph, out: Tensor): number {
  g.forward();
  return out.value[0];
}

describe('tensor autodiff', () => {
  const rng = new RandomState(2024);
  for (const activation of ['relu', 'tanh', 'sigmoid', 'identity'] as Activation[]) {
    for (const loss of ['mse', 'mae'] as LossName[]) {
      for (const transposed of [true, false]) {
        it(`matches central differences: ${transposed ? 'x·Wᵀ' : 'x·B'} + b → ${activation} → ·vᵀ → ${loss} (random shapes)`, () => {
          for (let trial = 0; trial < 8; trial++) {
            const { g, leaves, out } = randomChain(rng, activation, loss, transposed);
            g.forward();
            g.backward(out, Float64Array.of(1));
            const analytic = leaves.map((t) => Float64Array.from(t.grad));
            const h = 1e-6;
            leaves.forEach((t, li) => {
              for (let i = 0; i < t.size; i++) {
                const keep = t.value[i];
                t.value[i] = keep + h;
                const up = value(g, out);
                t.value[i] = keep - h;
                const down = value(g, out);
                t.value[i] = keep;
                const numeric = (up - down) / (2 * h);
                const tolerance = 1e-6 * Math.max(1, Math.abs(numeric));
                assert.ok(
                  Math.abs(numeric - analytic[li][i]) <= tolerance,
                  `${t.label}[${i}]: autodiff ${analytic[li][i]}, finite differences ${numeric}`,
                );
              }
            });
          }
        });
      }
    }
  }

  it('computes a known product, bias and relu', () => {
    const g = new Graph();
    const x = g.input(2, 2, Float64Array.of(1, 2, 3, 4));
    const w = g.param(3, 2, Float64Array.of(1, 0, 0, 1, 1, -1), 'W');
    const b = g.param(1, 3, Float64Array.of(0, 0, 0.5), 'b');
    const h = activate(g, addBias(g, matmulTransposed(g, x, w), b), 'relu');
    g.forward();
    // rows: [1, 2, -1 + 0.5] and [3, 4, -1 + 0.5], relu'd
    assert.deepEqual(Array.from(h.value), [1, 2, 0, 3, 4, 0]);
    const p = matmul(g, x, g.param(2, 1, Float64Array.of(10, 1), 'c'));
    g.forward();
    assert.deepEqual(Array.from(p.value), [12, 34]);
  });

  it("follows PyTorch at kinks: relu'(0) = 0 and sign(0) = 0 in MAE", () => {
    const g = new Graph();
    const z = g.param(3, 1, Float64Array.of(0, 1, -1), 'z');
    const r = activate(g, z, 'relu');
    const out = lossNode(g, r, Float64Array.of(0, 1, 5), 'mae');
    g.forward();
    g.backward(out, Float64Array.of(1));
    // z=0: relu'(0)=0; z=1: residual 0 → sign 0; z=-1: relu' = 0
    assert.deepEqual(Array.from(z.grad), [0, 0, 0]);
    const g2 = new Graph();
    const p = g2.param(2, 1, Float64Array.of(1, 3), 'p');
    const mae = lossNode(g2, p, Float64Array.of(1, 2), 'mae');
    g2.forward();
    g2.backward(mae, Float64Array.of(1));
    assert.deepEqual(Array.from(p.grad), [0, 0.5]);
  });

  it('refuses shapes that do not fit, with the shapes in the message', () => {
    const g = new Graph();
    const a = g.param(2, 3, new Float64Array(6), 'a');
    assert.throws(() => matmul(g, a, g.param(2, 2, new Float64Array(4), 'b')), /2×3 · 2×2/);
    assert.throws(() => matmulTransposed(g, a, g.param(2, 2, new Float64Array(4), 'w')), /do not fit/);
    assert.throws(() => addBias(g, a, g.param(1, 2, new Float64Array(2), 'c')), /bias of 1×2/);
    assert.throws(() => lossNode(g, a, new Float64Array(2), 'mse'), /predictions 2×3/);
    assert.throws(() => g.param(2, 2, new Float64Array(3), 'bad'), /needs 4 values/);
  });
});
