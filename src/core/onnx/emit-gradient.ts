// The loss and its gradient as ONNX nodes: the forward pass of a Program, then reverse-mode
// differentiation written out node by node. This is the float32 twin of ../eval/tape.ts and follows
// the same subgradient conventions: relu'(0) = 0, |0|' = 0, sign(0) = 0 in MAE, a tie in max/min
// splits the gradient in half, clamp passes it to the value at the bound, pow as torch.pow.
//
// Layout (NumPy broadcasting does the rest): scalar [1], units [U], points [n, 1], grid [n, U].
// Only ops the onnxruntime-web WebGPU provider implements are used: no Sign (a sign is
// Greater/Less → Cast → Sub) and no control flow.
import type { LossName } from '../eval/loss';
import {
  BinaryOp,
  broadcastShape,
  hasPoints,
  hasUnits,
  isBinary,
  isUnary,
  paramDependence,
  Program,
  Shape,
  UnaryOp,
} from '../formula/program';
import { GraphBuilder } from './graph';

export interface Value {
  name: string;
  /** The broadcast layout of the tensor; an adjoint may be narrower than its node (it broadcasts up). */
  kind: Shape;
}

/** Tensors every step reads: the data and 1/n. */
export interface DataInputs {
  /** [n, 1] */
  x: string;
  /** [n, 1] */
  y: string;
  /** [1], float32(1 / n) */
  invN: string;
}

export interface StepTensors {
  /** [1] */
  loss: string;
  /** [P], in the flat parameter order of the Program. */
  grad: string;
}

const FLOAT = 1; // TensorProto.DataType.FLOAT, for Cast's `to`.

export class GradientEmitter {
  private readonly depends: boolean[];
  /** Values of nodes that do not depend on the parameters, emitted once and shared by every step. */
  private readonly constant = new Map<number, Value>();
  /** x · 0: zeros shaped [n, 1], made once. */
  private zeroPoints: Value | null = null;

  constructor(
    private readonly g: GraphBuilder,
    readonly program: Program,
    private readonly data: DataInputs,
  ) {
    this.depends = paramDependence(program);
    if (program.paramCount === 0) throw new Error('The formula has no parameters to train');
  }

  // ---- small helpers -------------------------------------------------------------------------

  private bin(op: string, a: Value, b: Value): Value {
    return { name: this.g.op(op, [a.name, b.name]), kind: broadcastShape(a.kind, b.kind) };
  }

  private un(op: string, a: Value): Value {
    return { name: this.g.op(op, [a.name]), kind: a.kind };
  }

  private scalar(value: number): Value {
    return { name: this.g.scalar(value), kind: 'scalar' };
  }

  /** 1.0 where the comparison holds, else 0.0 (a float mask). */
  private mask(op: 'Greater' | 'Less' | 'GreaterOrEqual' | 'LessOrEqual' | 'Equal', a: Value, b: Value): Value {
    const bool = this.g.op(op, [a.name, b.name]);
    return { name: this.g.op('Cast', [bool], [{ name: 'to', kind: 'int', value: FLOAT }]), kind: broadcastShape(a.kind, b.kind) };
  }

  /** `cond ? a : b`, elementwise, broadcasting. */
  private where(op: 'Greater' | 'Less' | 'GreaterOrEqual' | 'LessOrEqual' | 'Equal', l: Value, r: Value, a: Value, b: Value): Value {
    const cond = this.g.op(op, [l.name, r.name]);
    return {
      name: this.g.op('Where', [cond, a.name, b.name]),
      kind: broadcastShape(broadcastShape(l.kind, r.kind), broadcastShape(a.kind, b.kind)),
    };
  }

  private reduceSum(v: Value, axes: number[], keepdims: boolean, kind: Shape): Value {
    const name = this.g.op('ReduceSum', [v.name, this.g.ints(axes)], [{ name: 'keepdims', kind: 'int', value: keepdims ? 1 : 0 }]);
    return { name, kind };
  }

  /** Sums away the axes `v` has and `target` lacks (the reverse of broadcasting). */
  private unbroadcast(v: Value, target: Shape): Value {
    const dropPoints = hasPoints(v.kind) && !hasPoints(target);
    const dropUnits = hasUnits(v.kind) && !hasUnits(target);
    if (!dropPoints && !dropUnits) return v;
    if (v.kind === 'grid') {
      if (dropPoints && dropUnits) {
        const total = this.reduceSum(v, [0, 1], false, 'scalar');
        return { name: this.g.op('Reshape', [total.name, this.g.ints([1])]), kind: 'scalar' };
      }
      return dropPoints ? this.reduceSum(v, [0], false, 'units') : this.reduceSum(v, [1], true, 'points');
    }
    // points [n, 1] → [1]; units [U] → [1]
    return this.reduceSum(v, [0], v.kind === 'units', 'scalar');
  }

  /**
   * Gives `v` the axes of `from` that `target` lacks: a narrow adjoint stands for its broadcast, and
   * summing that broadcast over an axis counts every element along it (adding zeros makes it real).
   */
  private widen(v: Value, from: Shape, target: Shape): Value {
    let out = v;
    if (hasPoints(from) && !hasPoints(target) && !hasPoints(out.kind)) {
      this.zeroPoints ??= this.bin('Mul', { name: this.data.x, kind: 'points' }, this.scalar(0));
      out = this.bin('Add', out, this.zeroPoints);
    }
    if (hasUnits(from) && !hasUnits(target) && !hasUnits(out.kind)) {
      out = this.bin('Add', out, {
        name: this.g.constant('float', [this.program.units], new Array<number>(this.program.units).fill(0)),
        kind: 'units',
      });
    }
    return out;
  }

  /** Sum of every element, shaped [1]. */
  private total(v: Value): Value {
    return this.unbroadcast(v, 'scalar');
  }

  // ---- forward -------------------------------------------------------------------------------

  private forwardUnary(op: UnaryOp, a: Value): Value {
    switch (op) {
      case 'neg':
        return this.un('Neg', a);
      case 'abs':
        return this.un('Abs', a);
      case 'relu':
        return this.un('Relu', a);
      case 'exp':
        return this.un('Exp', a);
      case 'log':
        return this.un('Log', a);
      case 'sqrt':
        return this.un('Sqrt', a);
      case 'sin':
        return this.un('Sin', a);
      case 'cos':
        return this.un('Cos', a);
      case 'tanh':
        return this.un('Tanh', a);
      case 'sigmoid':
        return this.un('Sigmoid', a);
    }
  }

  /** A constant exponent the forward pass turns into multiplications (exact, and cheaper than Pow). */
  private smallIntegerExponent(index: number): number | null {
    const node = this.program.nodes[index];
    return node.op === 'const' && (node.value === 1 || node.value === 2 || node.value === 3) ? node.value : null;
  }

  private power(a: Value, exponent: Value, exponentIndex: number | null): Value {
    const k = exponentIndex === null ? null : this.smallIntegerExponent(exponentIndex);
    if (k === 1) return a;
    if (k === 2) return this.bin('Mul', a, a);
    if (k === 3) return this.bin('Mul', this.bin('Mul', a, a), a);
    return this.bin('Pow', a, exponent);
  }

  private forwardBinary(op: BinaryOp, a: Value, b: Value, bIndex: number): Value {
    switch (op) {
      case 'add':
        return this.bin('Add', a, b);
      case 'sub':
        return this.bin('Sub', a, b);
      case 'mul':
        return this.bin('Mul', a, b);
      case 'div':
        return this.bin('Div', a, b);
      case 'pow':
        return this.power(a, b, bIndex);
      case 'max':
      case 'clampMin':
        return this.bin('Max', a, b);
      case 'min':
      case 'clampMax':
        return this.bin('Min', a, b);
    }
  }

  private paramValue(params: string, index: number): Value {
    const spec = this.program.params[index];
    const name = this.g.op('Slice', [params, this.g.ints([spec.offset]), this.g.ints([spec.offset + spec.size]), this.g.ints([0])]);
    return { name, kind: spec.size > 1 ? 'units' : 'scalar' };
  }

  /** Emits node i's value given its operands' values. */
  private forwardNode(i: number, values: Value[], params: string): Value {
    const node = this.program.nodes[i];
    if (node.op === 'x') return { name: this.data.x, kind: 'points' };
    if (node.op === 'const') return this.scalar(node.value);
    if (node.op === 'param') return this.paramValue(params, node.param);
    if (node.op === 'sumUnits') {
      const a = values[node.a];
      return a.kind === 'grid' ? this.reduceSum(a, [1], true, 'points') : this.reduceSum(a, [0], true, 'scalar');
    }
    if (isUnary(node.op)) return this.forwardUnary(node.op, values[node.a]);
    if (isBinary(node.op)) {
      const { a, b } = node as { a: number; b: number };
      return this.forwardBinary(node.op, values[a], values[b], b);
    }
    throw new Error(`Unknown op ${(node as { op: string }).op}`);
  }

  private forward(params: string): Value[] {
    const values: Value[] = [];
    this.program.nodes.forEach((_, i) => {
      if (this.depends[i]) {
        values[i] = this.forwardNode(i, values, params);
        return;
      }
      let shared = this.constant.get(i);
      if (!shared) {
        shared = this.forwardNode(i, values, params);
        this.constant.set(i, shared);
      }
      values[i] = shared;
    });
    return values;
  }

  // ---- backward ------------------------------------------------------------------------------

  /** d out / d a · g for a unary node with operand value `a` and result `out`. */
  private backwardUnary(op: UnaryOp, g: Value, a: Value, out: Value): Value {
    const zero = this.scalar(0);
    switch (op) {
      case 'neg':
        return this.un('Neg', g);
      case 'abs':
        return this.where('Greater', a, zero, g, this.where('Less', a, zero, this.un('Neg', g), zero));
      case 'relu':
        return this.where('Greater', out, zero, g, zero);
      case 'exp':
        return this.bin('Mul', g, out);
      case 'log':
        return this.bin('Div', g, a);
      case 'sqrt':
        return this.bin('Div', g, this.bin('Mul', this.scalar(2), out));
      case 'sin':
        return this.bin('Mul', g, this.un('Cos', a));
      case 'cos':
        return this.bin('Mul', this.un('Neg', g), this.un('Sin', a));
      case 'tanh':
        return this.bin('Mul', g, this.bin('Sub', this.scalar(1), this.bin('Mul', out, out)));
      case 'sigmoid':
        return this.bin('Mul', this.bin('Mul', g, out), this.bin('Sub', this.scalar(1), out));
    }
  }

  /** The contributions to operands a and b (null where that operand needs none). */
  private backwardBinary(
    op: BinaryOp,
    g: Value,
    a: Value,
    b: Value,
    out: Value,
    needA: boolean,
    needB: boolean,
    bIndex: number,
  ): [Value | null, Value | null] {
    const zero = this.scalar(0);
    switch (op) {
      case 'add':
        return [needA ? g : null, needB ? g : null];
      case 'sub':
        return [needA ? g : null, needB ? this.un('Neg', g) : null];
      case 'mul':
        return [needA ? this.bin('Mul', g, b) : null, needB ? this.bin('Mul', g, a) : null];
      case 'div':
        return [
          needA ? this.bin('Div', g, b) : null,
          needB ? this.bin('Div', this.bin('Mul', this.un('Neg', g), a), this.bin('Mul', b, b)) : null,
        ];
      case 'pow': {
        let da: Value | null = null;
        if (needA) {
          const k = this.smallIntegerExponent(bIndex);
          const node = this.program.nodes[bIndex];
          if (node.op === 'const' && node.value === 0) da = this.bin('Mul', g, zero);
          else if (k !== null) {
            // g · k · a^(k-1), with a^(k-1) as products
            const lower = k === 1 ? null : k === 2 ? a : this.bin('Mul', a, a);
            da = this.bin('Mul', g, lower ? this.bin('Mul', this.scalar(k), lower) : this.scalar(1));
          } else {
            const general = this.bin('Mul', this.bin('Mul', g, b), this.bin('Pow', a, this.bin('Sub', b, this.scalar(1))));
            // torch.pow: an exponent of exactly 0 gives the base no gradient.
            da = this.where('Equal', b, zero, zero, general);
          }
        }
        let db: Value | null = null;
        if (needB) {
          const general = this.bin('Mul', this.bin('Mul', g, out), this.un('Log', a));
          // torch.pow: a base of 0 with a non-negative exponent gives the exponent no gradient.
          const baseZeroExpNonNeg = this.bin('Mul', this.mask('Equal', a, zero), this.mask('GreaterOrEqual', b, zero));
          db = this.where('Greater', baseZeroExpNonNeg, zero, zero, general);
        }
        return [da, db];
      }
      case 'max':
      case 'min': {
        // toA = 1 where a wins, 0 where b wins, 1/2 at a tie: 1/2 + (win - lose)/2.
        const [win, lose] = op === 'max' ? (['Greater', 'Less'] as const) : (['Less', 'Greater'] as const);
        const half = this.scalar(0.5);
        const toA = this.bin('Add', half, this.bin('Mul', half, this.bin('Sub', this.mask(win, a, b), this.mask(lose, a, b))));
        return [needA ? this.bin('Mul', g, toA) : null, needB ? this.bin('Mul', g, this.bin('Sub', this.scalar(1), toA)) : null];
      }
      case 'clampMin':
      case 'clampMax': {
        // The value keeps the gradient when it is inside the bound or on it.
        const inside = op === 'clampMin' ? 'GreaterOrEqual' : 'LessOrEqual';
        return [needA ? this.where(inside, a, b, g, zero) : null, needB ? this.where(inside, a, b, zero, g) : null];
      }
    }
  }

  private lossAndSeed(pred: Value, loss: LossName): { loss: Value; dPred: Value } {
    const y: Value = { name: this.data.y, kind: 'points' };
    const invN: Value = { name: this.data.invN, kind: 'scalar' };
    const d = this.bin('Sub', pred, y);
    if (loss === 'mae') {
      const sign = this.bin('Sub', this.mask('Greater', d, this.scalar(0)), this.mask('Less', d, this.scalar(0)));
      return { loss: this.bin('Mul', this.total(this.un('Abs', d)), invN), dPred: this.bin('Mul', sign, invN) };
    }
    const twoOverN = this.bin('Mul', this.scalar(2), invN);
    return { loss: this.bin('Mul', this.total(this.bin('Mul', d, d)), invN), dPred: this.bin('Mul', d, twoOverN) };
  }

  /** The loss at `params` ([P]) and its gradient ([P]). */
  emitStep(params: string, loss: LossName): StepTensors {
    const { nodes, output } = this.program;
    const values = this.forward(params);
    const seed = this.lossAndSeed(values[output], loss);
    const contributions: Value[][] = nodes.map(() => []);
    // `v` is a contribution computed for a result of shape `from` (it may be narrower, standing for
    // its broadcast); summing it into node `index` sums away the axes the node lacks.
    const add = (index: number, v: Value | null, from: Shape): void => {
      if (v && this.depends[index])
        contributions[index].push(this.unbroadcast(this.widen(v, from, nodes[index].shape), nodes[index].shape));
    };
    add(output, seed.dPred, 'points');
    const adjoints: (Value | null)[] = nodes.map(() => null);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const parts = contributions[i];
      if (!parts.length) continue;
      const g = parts.reduce((sum, part) => this.bin('Add', sum, part));
      adjoints[i] = g;
      const node = nodes[i];
      // An adjoint narrower than its node (after sumUnits) stays narrow: it broadcasts where used.
      if (node.op === 'sumUnits') add(node.a, g, nodes[node.a].shape);
      else if (isUnary(node.op)) {
        const a = (node as { a: number }).a;
        if (this.depends[a]) add(a, this.backwardUnary(node.op, g, values[a], values[i]), node.shape);
      } else if (isBinary(node.op)) {
        const { a, b } = node as { a: number; b: number };
        const [da, db] = this.backwardBinary(node.op, g, values[a], values[b], values[i], this.depends[a], this.depends[b], b);
        add(a, da, node.shape);
        add(b, db, node.shape);
      }
    }
    const pieces = this.program.params.map((spec, p) => {
      const index = nodes.findIndex((node) => node.op === 'param' && node.param === p);
      const adjoint = index >= 0 ? adjoints[index] : null;
      const kind: Shape = spec.size > 1 ? 'units' : 'scalar';
      if (!adjoint) return this.g.constant('float', [spec.size], new Array<number>(spec.size).fill(0));
      if (kind === 'units' && adjoint.kind === 'scalar') return this.g.op('Expand', [adjoint.name, this.g.ints([spec.size])]);
      return adjoint.name;
    });
    const grad = pieces.length === 1 ? pieces[0] : this.g.op('Concat', pieces, [{ name: 'axis', kind: 'int', value: 0 }]);
    return { loss: seed.loss.name, grad };
  }
}
