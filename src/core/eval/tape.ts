// Reverse-mode automatic differentiation over a compiled Program, in float64, batched over
// all data points at once: one typed array per node, no per-point objects. Nodes that do not
// depend on the parameters (x, x**2, constants) are computed once, when the evaluator is made.
// Every op's value and derivative come from the op table (formula/ops.ts), recorded once as
// whole-array instructions (tape-ops.ts) that every evaluation replays: no closures, no
// allocation. The reference every faster evaluator is tested against.
import type { ModelEvaluator } from './evaluator';
import { BINARY_RULES, UNARY_RULES } from '../formula/ops';
import { LossName, lossOf } from './loss';
import { Code, instruction, Instruction, Operand, recordingAlgebra, runInstructions, TempPool } from './tape-ops';
import { hasPoints, hasUnits, isBinary, isUnary, Node, paramDependence, Program, readsSecondInput, Shape } from '../formula/program';

function sizeOf(shape: Shape, n: number, units: number): number {
  return (hasPoints(shape) ? n : 1) * (hasUnits(shape) ? units : 1);
}

export class TapeEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  private readonly units: number;
  private readonly values: Float64Array[];
  private readonly adjoints: (Float64Array | null)[];
  private readonly depends: boolean[];
  private readonly forwardProgram: Instruction[] = [];
  private readonly backwardProgram: Instruction[] = [];
  private readonly pool = new TempPool();
  private readonly dPred: Float64Array;
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
    this.paramSlots = program.nodes.flatMap((node, i) => {
      if (node.op !== 'param') return [];
      const spec = program.params[node.param];
      return [{ node: i, offset: spec.offset, size: spec.size }];
    });
    this.liveAdjoints = this.adjoints.filter((a): a is Float64Array => a !== null);
    const backward: Instruction[][] = [];
    program.nodes.forEach((node, i) => backward.push(this.plan(node, i, x)));
    for (let i = backward.length - 1; i >= 0; i--) this.backwardProgram.push(...backward[i]);
  }

  /** The values of the nodes that vary with x but not with the parameters, in node order. */
  staticPointValues(): Float64Array[] {
    return this.program.nodes.flatMap((node, i) => (node.shape === 'points' && !this.depends[i] ? [this.values[i]] : []));
  }

  /** Operand `index` read by a node of `shape`: as it is, broadcast (stride 0), or expanded to the grid. */
  private operand(index: number, shape: Shape, forward: Instruction[]): Operand {
    const node = this.program.nodes[index];
    const values = this.values[index];
    if (node.shape === shape) return { values, stride: 1 };
    if (node.shape === 'scalar') return { values, stride: 0 };
    // shape is 'grid' and the operand is 'points' or 'units': repeat it along the missing axis.
    const n = this.pointCount;
    const expanded = new Float64Array(n * this.units);
    const code = node.shape === 'points' ? Code.ExpandPoints : Code.ExpandUnits;
    forward.push(instruction(code, expanded, n, { values, stride: 1 }, undefined, undefined, this.units));
    return { values: expanded, stride: 1 };
  }

  /** Adds a contribution laid out like a node of shape `from` into the adjoint of node `index`, summed down where shapes differ. */
  private accumulate(into: Instruction[], index: number, from: Shape, contribution: Operand): void {
    const target = this.adjoints[index]!;
    const to = this.program.nodes[index].shape;
    const length = sizeOf(from, this.pointCount, this.units);
    if (to === from) into.push(instruction(Code.AddInto, target, length, contribution));
    else if (contribution.stride === 0) {
      // A constant contribution (a derivative of 0, say) broadcast over `from`.
      const spread = this.pool.take(length);
      into.push(instruction(Code.Copy, spread, length, contribution));
      this.accumulate(into, index, from, { values: spread, stride: 1 });
    } else if (to === 'scalar') into.push(instruction(Code.SumInto, target, length, contribution));
    else if (to === 'points')
      into.push(instruction(Code.ReduceToPoints, target, this.pointCount, contribution, undefined, undefined, this.units));
    else into.push(instruction(Code.ReduceToUnits, target, this.pointCount, contribution, undefined, undefined, this.units));
  }

  /** Records a rule's instructions into `into`; the last one writes `out` directly where it can. */
  private writeResult(into: Instruction[], result: Operand, out: Float64Array): void {
    const last = into[into.length - 1];
    if (last && last.out === result.values && result.stride === 1 && last.out.length === out.length) last.out = out;
    else into.push(instruction(Code.Copy, out, out.length, result));
  }

  /** Plans node i: its forward instructions (run now when it does not depend on the parameters) and returns its backward ones. */
  private plan(node: Node, i: number, x: Float64Array): Instruction[] {
    const out = this.values[i];
    const adjoint = this.adjoints[i];
    const forward: Instruction[] = [];
    const backward: Instruction[] = [];
    const length = out.length;
    if (node.op === 'x') {
      out.set(node.input === 2 ? this.x2! : x);
      return backward;
    }
    if (node.op === 'const') {
      out[0] = node.value;
      return backward;
    }
    if (node.op === 'param') return backward;
    const g: Operand = { values: adjoint ?? out, stride: 1 };
    if (node.op === 'sumUnits') {
      forward.push(instruction(Code.SumUnits, out, length, { values: this.values[node.a], stride: 1 }, undefined, undefined, this.units));
      if (adjoint && this.depends[node.a])
        backward.push(instruction(Code.SpreadUnits, this.adjoints[node.a]!, length, g, undefined, undefined, this.units));
    } else if (isUnary(node.op)) {
      const rule = UNARY_RULES[node.op];
      const a: Operand = { values: this.values[node.a], stride: 1 };
      this.writeResult(forward, rule.value(recordingAlgebra(forward, this.pool, length), a), out);
      this.pool.releaseAll();
      if (adjoint && this.depends[node.a]) {
        const A = recordingAlgebra(backward, this.pool, length);
        this.accumulate(backward, node.a, node.shape, rule.derivative(A, g, a, { values: out, stride: 1 }));
        this.pool.releaseAll();
      }
    } else if (isBinary(node.op)) {
      const rule = BINARY_RULES[node.op];
      const { a: ia, b: ib } = node as { a: number; b: number };
      const a = this.operand(ia, node.shape, forward);
      const b = this.operand(ib, node.shape, forward);
      this.writeResult(forward, rule.value(recordingAlgebra(forward, this.pool, length), a, b), out);
      this.pool.releaseAll();
      if (adjoint) {
        const result: Operand = { values: out, stride: 1 };
        for (const [index, derivative] of [
          [ia, rule.da],
          [ib, rule.db],
        ] as const) {
          if (!this.depends[index]) continue;
          const A = recordingAlgebra(backward, this.pool, length);
          this.accumulate(backward, index, node.shape, derivative(A, g, a, b, result));
          this.pool.releaseAll();
        }
      }
    }
    if (this.depends[i]) this.forwardProgram.push(...forward);
    else runInstructions(forward);
    return backward;
  }

  private forward(params: Float64Array): void {
    for (const slot of this.paramSlots) {
      const value = this.values[slot.node];
      for (let k = 0; k < slot.size; k++) value[k] = params[slot.offset + k];
    }
    runInstructions(this.forwardProgram);
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
    runInstructions(this.backwardProgram);
    for (const slot of this.paramSlots) {
      const adjoint = this.adjoints[slot.node]!;
      for (let k = 0; k < slot.size; k++) grad[slot.offset + k] += adjoint[k];
    }
    return value;
  }
}
