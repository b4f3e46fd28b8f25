// The loss and its gradient as ONNX nodes: the forward pass of a Program, then reverse-mode
// differentiation written out node by node, each op by its ONNX rule in the op table
// (formula/ops.ts). This is the float32 twin of ../eval/tape.ts and follows
// the same subgradient conventions: relu'(0) = 0, |0|' = 0, sign(0) = 0 in MAE, a tie in max/min
// splits the gradient in half, clamp passes it to the value at the bound, pow as torch.pow.
//
// Layout (NumPy broadcasting does the rest): scalar [1], units [U], points [n, 1], grid [n, U].
// Only ops the onnxruntime-web WebGPU provider implements are used: no Sign (a sign is
// Greater/Less → Cast → Sub) and no control flow.
import type { LossName } from '../eval/loss';
import { broadcastShape, hasPoints, hasUnits, isBinary, isUnary, paramDependence, Program, Shape } from '../formula/program';
import { GraphBuilder } from './graph';
import { BINARY_RULES, OnnxOps, UNARY_RULES } from '../formula/ops';

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
    // A formula of x1 and x2 gets x as [n, 2]: each input is a column of it, [n, 1] as one input's x.
    if (program.inputs === 2) {
      const column = (c: number) => g.op('Slice', [data.x, g.ints([c]), g.ints([c + 1]), g.ints([1])]);
      this.inputs = [column(0), column(1)];
    } else this.inputs = [data.x, data.x];
  }

  /** Each input as [n, 1]: x (or x1), then x2. */
  private readonly inputs: [string, string];

  // ---- small helpers -------------------------------------------------------------------------

  /** What the op table's ONNX rules build with. */
  private readonly ops: OnnxOps<Value> = {
    bin: (op, a, b) => this.bin(op, a, b),
    un: (op, a) => this.un(op, a),
    scalar: (value) => this.scalar(value),
    mask: (op, a, b) => this.mask(op, a, b),
    where: (op, l, r, a, b) => this.where(op, l, r, a, b),
  };

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
      this.zeroPoints ??= this.bin('Mul', { name: this.inputs[0], kind: 'points' }, this.scalar(0));
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

  /** The value of b when it is a constant node (pow writes small integer powers as products). */
  private constantValue(index: number): number | null {
    const node = this.program.nodes[index];
    return node.op === 'const' ? node.value : null;
  }

  private paramValue(params: string, index: number): Value {
    const spec = this.program.params[index];
    const name = this.g.op('Slice', [params, this.g.ints([spec.offset]), this.g.ints([spec.offset + spec.size]), this.g.ints([0])]);
    return { name, kind: spec.size > 1 ? 'units' : 'scalar' };
  }

  /** Emits node i's value given its operands' values. */
  private forwardNode(i: number, values: Value[], params: string): Value {
    const node = this.program.nodes[i];
    if (node.op === 'x') return { name: this.inputs[node.input === 2 ? 1 : 0], kind: 'points' };
    if (node.op === 'const') return this.scalar(node.value);
    if (node.op === 'param') return this.paramValue(params, node.param);
    if (node.op === 'sumUnits') {
      const a = values[node.a];
      return a.kind === 'grid' ? this.reduceSum(a, [1], true, 'points') : this.reduceSum(a, [0], true, 'scalar');
    }
    if (isUnary(node.op)) return UNARY_RULES[node.op].onnx.forward(this.ops, values[node.a]);
    if (isBinary(node.op)) {
      const { a, b } = node as { a: number; b: number };
      return BINARY_RULES[node.op].onnx.forward(this.ops, values[a], values[b], this.constantValue(b));
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
        if (this.depends[a]) add(a, UNARY_RULES[node.op].onnx.backward(this.ops, g, values[a], values[i]), node.shape);
      } else if (isBinary(node.op)) {
        const { a, b } = node as { a: number; b: number };
        const need: [boolean, boolean] = [this.depends[a], this.depends[b]];
        const [da, db] = BINARY_RULES[node.op].onnx.backward(this.ops, g, values[a], values[b], values[i], need, this.constantValue(b));
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
