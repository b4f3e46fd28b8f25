// Reverse-mode automatic differentiation over a compiled Program, in float64, batched over
// all data points at once: one typed array per node, no per-point objects. Nodes that do not
// depend on the parameters (x, x**2, constants) are computed once, when the evaluator is made.
// Every op's value and derivative come from the op table (formula/ops.ts). The reference every faster
// evaluator is tested against.
import type { ModelEvaluator } from './evaluator';
import { NUMBERS } from '../formula/algebra';
import { BINARY_RULES, UNARY_RULES } from '../formula/ops';
import { LossName, lossOf } from './loss';
import {
  BinaryOp,
  hasPoints,
  hasUnits,
  isBinary,
  isUnary,
  Node,
  paramDependence,
  Program,
  readsSecondInput,
  Shape,
  UnaryOp,
} from '../formula/program';

function sizeOf(shape: Shape, n: number, units: number): number {
  return (hasPoints(shape) ? n : 1) * (hasUnits(shape) ? units : 1);
}

// Each op's loop applies the op table's rule (formula/ops.ts) to plain numbers, element by element.
function forwardUnary(op: UnaryOp, out: Float64Array, a: Float64Array): void {
  const rule = UNARY_RULES[op];
  for (let k = 0; k < out.length; k++) out[k] = rule.value(NUMBERS, a[k]);
}

/** Adds d out / d a times the incoming gradient g into `d`. */
function backwardUnary(op: UnaryOp, d: Float64Array, g: Float64Array, a: Float64Array, out: Float64Array): void {
  const rule = UNARY_RULES[op];
  for (let k = 0; k < d.length; k++) d[k] += rule.derivative(NUMBERS, g[k], a[k], out[k]);
}

// Operands are either the output's length (stride 1) or a single value (stride 0); other
// broadcasts are expanded beforehand, so these loops stay one-dimensional.
function forwardBinary(op: BinaryOp, out: Float64Array, a: Float64Array, sa: number, b: Float64Array, sb: number): void {
  const rule = BINARY_RULES[op];
  for (let k = 0; k < out.length; k++) out[k] = rule.value(NUMBERS, a[k * sa], b[k * sb]);
}

/** Adds the gradient contributions for operand a into da and for b into db; either may be null. */
function backwardBinary(
  op: BinaryOp,
  g: Float64Array,
  out: Float64Array,
  a: Float64Array,
  sa: number,
  b: Float64Array,
  sb: number,
  da: Float64Array | null,
  db: Float64Array | null,
): void {
  const rule = BINARY_RULES[op];
  const n = g.length;
  if (da) for (let k = 0; k < n; k++) da[k] += rule.da(NUMBERS, g[k], a[k * sa], b[k * sb], out[k]);
  if (db) for (let k = 0; k < n; k++) db[k] += rule.db(NUMBERS, g[k], a[k * sa], b[k * sb], out[k]);
}

export class TapeEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  private readonly units: number;
  private readonly values: Float64Array[];
  private readonly adjoints: (Float64Array | null)[];
  private readonly depends: boolean[];
  private readonly forwardSteps: (() => void)[] = [];
  private readonly backwardSteps: (() => void)[] = [];
  private readonly dPred: Float64Array;
  private readonly gridScratch: Float64Array[];
  /** For each parameter node: its value/adjoint buffer and where it sits in the flat parameter vector. */
  private readonly paramSlots: { node: number; offset: number; size: number }[];
  private readonly liveAdjoints: Float64Array[];

  constructor(
    private readonly program: Program,
    x: Float64Array,
    /** The second input, for a formula of x1 and x2. */
    private readonly x2?: Float64Array,
  ) {
    const n = x.length;
    if (readsSecondInput(program) && x2?.length !== n) throw new Error('This formula of x1 and x2 needs data with both inputs');
    const units = program.units;
    this.pointCount = n;
    this.units = units;
    this.depends = paramDependence(program);
    this.values = program.nodes.map((node) => new Float64Array(sizeOf(node.shape, n, units)));
    this.adjoints = program.nodes.map((node, i) => (this.depends[i] ? new Float64Array(sizeOf(node.shape, n, units)) : null));
    this.dPred = new Float64Array(n);
    const largest = Math.max(...this.values.map((v) => v.length));
    this.gridScratch = [new Float64Array(largest), new Float64Array(largest)];
    this.paramSlots = program.nodes.flatMap((node, i) => {
      if (node.op !== 'param') return [];
      const spec = program.params[node.param];
      return [{ node: i, offset: spec.offset, size: spec.size }];
    });
    this.liveAdjoints = this.adjoints.filter((a): a is Float64Array => a !== null);
    program.nodes.forEach((node, i) => this.plan(node, i, x));
    this.backwardSteps.reverse();
  }

  /** The values of the nodes that vary with x but not with the parameters, in node order. */
  staticPointValues(): Float64Array[] {
    return this.program.nodes.flatMap((node, i) => (node.shape === 'points' && !this.depends[i] ? [this.values[i]] : []));
  }

  /** A view of operand `index` usable with a 1-D loop over a node of `shape`: expanded if needed. */
  private operand(index: number, shape: Shape): { values: Float64Array; stride: number; expand?: () => void } {
    const node = this.program.nodes[index];
    const values = this.values[index];
    if (node.shape === shape) return { values, stride: 1 };
    if (node.shape === 'scalar') return { values, stride: 0 };
    // shape is 'grid' and the operand is 'points' or 'units': repeat it along the missing axis.
    const n = this.pointCount;
    const units = this.units;
    const expanded = new Float64Array(n * units);
    const byPoint = node.shape === 'points';
    const expand = (): void => {
      for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < units; j++, k++) expanded[k] = values[byPoint ? i : j];
    };
    if (!this.depends[index]) {
      expand();
      return { values: expanded, stride: 1 };
    }
    return { values: expanded, stride: 1, expand };
  }

  /**
   * Where a node of shape `from` adds its gradient for operand `index`: straight into the operand's
   * adjoint when the shapes match, else into a zeroed scratch buffer that is then summed down.
   */
  private gradientTarget(
    index: number,
    from: Shape,
    scratchSlot: number,
  ): { values: Float64Array; prepare?: () => void; finish?: () => void } {
    if (this.program.nodes[index].shape === from) return { values: this.adjoints[index]! };
    const scratch = this.gridScratch[scratchSlot].subarray(0, sizeOf(from, this.pointCount, this.units));
    const accumulate = this.accumulator(index, from);
    return { values: scratch, prepare: () => scratch.fill(0), finish: () => accumulate(scratch) };
  }

  /** A function adding a contribution laid out like a node of shape `from` into the adjoint of node `index`. */
  private accumulator(index: number, from: Shape): (contribution: Float64Array) => void {
    const target = this.adjoints[index]!;
    const to = this.program.nodes[index].shape;
    const length = sizeOf(from, this.pointCount, this.units);
    const units = this.units;
    if (to === from) {
      return (c) => {
        for (let k = 0; k < length; k++) target[k] += c[k];
      };
    }
    if (to === 'scalar') {
      return (c) => {
        let total = 0;
        for (let k = 0; k < length; k++) total += c[k];
        target[0] += total;
      };
    }
    if (to === 'points') {
      return (c) => {
        for (let k = 0; k < length; k++) target[(k / units) | 0] += c[k];
      };
    }
    return (c) => {
      for (let k = 0; k < length; k++) target[k % units] += c[k];
    };
  }

  private plan(node: Node, i: number, x: Float64Array): void {
    const out = this.values[i];
    const adjoint = this.adjoints[i];
    const forward: (() => void)[] = [];
    if (node.op === 'x') {
      out.set(node.input === 2 ? this.x2! : x);
      return;
    }
    if (node.op === 'const') {
      out[0] = node.value;
      return;
    }
    if (node.op === 'param') return;
    if (node.op === 'sumUnits') {
      const a = this.values[node.a];
      const units = this.units;
      const rows = out.length;
      forward.push(() => {
        for (let r = 0; r < rows; r++) {
          let total = 0;
          for (let j = 0; j < units; j++) total += a[r * units + j];
          out[r] = total;
        }
      });
      if (adjoint && this.depends[node.a]) {
        const target = this.adjoints[node.a]!;
        this.backwardSteps.push(() => {
          for (let r = 0; r < rows; r++) for (let j = 0; j < units; j++) target[r * units + j] += adjoint[r];
        });
      }
    } else if (isUnary(node.op)) {
      const op = node.op;
      const a = this.values[node.a];
      forward.push(() => forwardUnary(op, out, a));
      if (adjoint && this.depends[node.a]) {
        const target = this.gradientTarget(node.a, node.shape, 0);
        this.backwardSteps.push(() => {
          target.prepare?.();
          backwardUnary(op, target.values, adjoint, a, out);
          target.finish?.();
        });
      }
    } else if (isBinary(node.op)) {
      const op = node.op;
      const { a: ia, b: ib } = node as { a: number; b: number };
      const a = this.operand(ia, node.shape);
      const b = this.operand(ib, node.shape);
      if (a.expand) forward.push(a.expand);
      if (b.expand) forward.push(b.expand);
      forward.push(() => forwardBinary(op, out, a.values, a.stride, b.values, b.stride));
      if (adjoint) {
        const ta = this.depends[ia] ? this.gradientTarget(ia, node.shape, 0) : null;
        const tb = this.depends[ib] ? this.gradientTarget(ib, node.shape, 1) : null;
        this.backwardSteps.push(() => {
          ta?.prepare?.();
          tb?.prepare?.();
          backwardBinary(op, adjoint, out, a.values, a.stride, b.values, b.stride, ta ? ta.values : null, tb ? tb.values : null);
          ta?.finish?.();
          tb?.finish?.();
        });
      }
    }
    if (this.depends[i]) this.forwardSteps.push(...forward);
    else for (const step of forward) step();
  }

  private forward(params: Float64Array): void {
    for (const slot of this.paramSlots) {
      const value = this.values[slot.node];
      for (let k = 0; k < slot.size; k++) value[k] = params[slot.offset + k];
    }
    const steps = this.forwardSteps;
    for (let s = 0; s < steps.length; s++) steps[s]();
  }

  predict(params: Float64Array, out: Float64Array = new Float64Array(this.pointCount)): Float64Array {
    this.forward(params);
    const result = this.values[this.program.output];
    if (result.length === 1) out.fill(result[0]);
    else out.set(result);
    return out;
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    this.forward(params);
    const result = this.values[this.program.output];
    return lossOf(result, result.length === 1 ? 0 : 1, y, loss);
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    this.forward(params);
    const output = this.program.output;
    const result = this.values[output];
    const value = lossOf(result, result.length === 1 ? 0 : 1, y, loss, this.dPred);
    grad.fill(0);
    const outputAdjoint = this.adjoints[output];
    if (!outputAdjoint) return value;
    const live = this.liveAdjoints;
    for (let a = 0; a < live.length; a++) {
      const adjoint = live[a];
      for (let k = 0; k < adjoint.length; k++) adjoint[k] = 0;
    }
    const dPred = this.dPred;
    if (outputAdjoint.length === 1) {
      let total = 0;
      for (let k = 0; k < dPred.length; k++) total += dPred[k];
      outputAdjoint[0] = total;
    } else outputAdjoint.set(dPred);
    const steps = this.backwardSteps;
    for (let s = 0; s < steps.length; s++) steps[s]();
    for (const slot of this.paramSlots) {
      const adjoint = this.adjoints[slot.node]!;
      for (let k = 0; k < slot.size; k++) grad[slot.offset + k] += adjoint[k];
    }
    return value;
  }
}
