// The lesson's "add up N ReLUs", sum(relu(m*x + b)) with vector m and b, recognised in a
// compiled program and evaluated by a fused kernel.
import type { ModelEvaluator } from './evaluator';
import { LossName, lossOf } from './loss';
import type { Program } from '../formula/program';

/** Recognises sum(relu(m*x + b)) with vector m and b, the lesson's "add up N ReLUs". */
export function matchSumOfRelus(program: Program): { m: number; b: number } | null {
  const { nodes, output } = program;
  const top = nodes[output];
  if (top.op !== 'sumUnits') return null;
  const relu = nodes[top.a];
  if (relu.op !== 'relu') return null;
  const sum = nodes[relu.a];
  if (sum.op !== 'add') return null;
  const vectorParam = (i: number): number | null => {
    const node = nodes[i];
    return node.op === 'param' && node.shape === 'units' ? node.param : null;
  };
  for (const [product, bias] of [
    [sum.a, sum.b],
    [sum.b, sum.a],
  ]) {
    const mul = nodes[product];
    const b = vectorParam(bias);
    if (mul.op !== 'mul' || b === null) continue;
    for (const [slope, input] of [
      [mul.a, mul.b],
      [mul.b, mul.a],
    ]) {
      const m = vectorParam(slope);
      if (m !== null && nodes[input].op === 'x' && m !== b) return { m, b };
    }
  }
  return null;
}

/** A fused kernel for sum(relu(m*x + b)): two passes over points × units, nothing stored per pair. */
export class SumOfRelusEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  private readonly pred: Float64Array;
  private readonly dPred: Float64Array;
  private readonly mOffset: number;
  private readonly bOffset: number;
  private readonly units: number;

  constructor(
    program: Program,
    match: { m: number; b: number },
    private readonly x: Float64Array,
  ) {
    this.pointCount = x.length;
    this.units = program.units;
    this.mOffset = program.params[match.m].offset;
    this.bOffset = program.params[match.b].offset;
    this.pred = new Float64Array(x.length);
    this.dPred = new Float64Array(x.length);
  }

  // Unit by unit, so the "is this ReLU on?" branch follows the data's order and is well predicted.
  predict(params: Float64Array, out: Float64Array = new Float64Array(this.pointCount)): Float64Array {
    const { x, units, mOffset, bOffset } = this;
    const n = x.length;
    out.fill(0);
    for (let j = 0; j < units; j++) {
      const m = params[mOffset + j];
      const b = params[bOffset + j];
      for (let i = 0; i < n; i++) {
        const z = m * x[i] + b;
        if (z > 0) out[i] += z;
        else if (z !== z) out[i] = NaN;
      }
    }
    return out;
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    return lossOf(this.predict(params, this.pred), 1, y, loss);
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    const { x, units, mOffset, bOffset, dPred } = this;
    const value = lossOf(this.predict(params, this.pred), 1, y, loss, dPred);
    for (let j = 0; j < units; j++) {
      const m = params[mOffset + j];
      const b = params[bOffset + j];
      let gm = 0;
      let gb = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i];
        if (m * xi + b > 0) {
          const g = dPred[i];
          gm += g * xi;
          gb += g;
        }
      }
      grad[mOffset + j] = gm;
      grad[bOffset + j] = gb;
    }
    return value;
  }
}
