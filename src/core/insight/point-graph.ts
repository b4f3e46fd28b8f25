// The computation for ONE data point, node by node, micrograd-style: every node of the compiled
// Program plus the loss nodes (target, residual, |r| or r², ÷N) with its forward value and its
// gradient, d(total loss)/d(node), restricted to this point's share of the loss. Summed over all
// points, the parameter nodes' gradients are the batched evaluator's gradient. Subgradients at
// kinks are the ones tape.ts uses (PyTorch's): relu'(0) = 0, |0|' = 0, a max/min tie splits.
import type { LossName } from '../eval/loss';
import { foldBinary, foldUnary } from '../formula/compile';
import { BinaryOp, hasUnits, isBinary, isUnary, Node, Program, UnaryOp } from '../formula/program';

export type GraphNodeKind = 'input' | 'param' | 'const' | 'op' | 'target' | 'loss';

export interface GraphNodeInfo {
  /** Index into the graph's nodes (program nodes first, then the loss nodes). */
  id: number;
  kind: GraphNodeKind;
  /** What the node does: `x`, `a`, `2`, `*`, `relu`, `Σ units`, `y`, `ŷ − y`, `|r|`, `÷ N`. */
  label: string;
  /** 1, or the number of units for a node that has one value per unit (N ReLUs). */
  lanes: number;
  /** Ids of the nodes it reads. */
  inputs: number[];
  /** For a parameter node: its offset in the flat parameter vector. */
  paramOffset?: number;
  /** True for the model's output ŷ. */
  prediction?: boolean;
}

const OP_LABELS: Record<UnaryOp | BinaryOp, string> = {
  neg: '−',
  abs: 'abs',
  relu: 'relu',
  exp: 'exp',
  log: 'log',
  sqrt: 'sqrt',
  sin: 'sin',
  cos: 'cos',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  add: '+',
  sub: '−',
  mul: '×',
  div: '÷',
  pow: '**',
  max: 'max',
  min: 'min',
  clampMin: 'clip min',
  clampMax: 'clip max',
};

function describe(program: Program, node: Node, id: number): GraphNodeInfo {
  const lanes = hasUnits(node.shape) ? program.units : 1;
  switch (node.op) {
    case 'x':
      return { id, kind: 'input', label: 'x', lanes, inputs: [] };
    case 'const':
      return { id, kind: 'const', label: String(Number(node.value.toPrecision(6))), lanes, inputs: [] };
    case 'param': {
      const spec = program.params[node.param];
      return { id, kind: 'param', label: spec.name, lanes, inputs: [], paramOffset: spec.offset };
    }
    case 'sumUnits':
      return { id, kind: 'op', label: 'Σ units', lanes, inputs: [node.a] };
    default:
      return { id, kind: 'op', label: OP_LABELS[node.op], lanes, inputs: 'b' in node ? [node.a, node.b] : [node.a] };
  }
}

/** d out / d a for a unary op, at input `a` with output `out` (the rules of tape.ts). */
function unaryPartial(op: UnaryOp, a: number, out: number): number {
  switch (op) {
    case 'neg':
      return -1;
    case 'abs':
      return a > 0 ? 1 : a < 0 ? -1 : 0;
    case 'relu':
      return out > 0 ? 1 : 0;
    case 'exp':
      return out;
    case 'log':
      return 1 / a;
    case 'sqrt':
      return 1 / (2 * out);
    case 'sin':
      return Math.cos(a);
    case 'cos':
      return -Math.sin(a);
    case 'tanh':
      return 1 - out * out;
    case 'sigmoid':
      return out * (1 - out);
  }
}

/** [d out / d a, d out / d b] for a binary op (the rules of tape.ts). */
function binaryPartials(op: BinaryOp, a: number, b: number, out: number): [number, number] {
  switch (op) {
    case 'add':
      return [1, 1];
    case 'sub':
      return [1, -1];
    case 'mul':
      return [b, a];
    case 'div':
      return [1 / b, -a / (b * b)];
    case 'pow':
      return [b === 0 ? 0 : b * Math.pow(a, b - 1), a === 0 && b >= 0 ? 0 : out * Math.log(a)];
    case 'max':
    case 'min': {
      const diff = (op === 'max' ? 1 : -1) * (a - b);
      const toA = diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
      return [toA, 1 - toA];
    }
    case 'clampMin':
    case 'clampMax': {
      const inside = (op === 'clampMin' ? 1 : -1) * (a - b) >= 0;
      return inside ? [1, 0] : [0, 1];
    }
  }
}

/**
 * Reusable per-point evaluator: `run` computes every node's value and gradient for one point;
 * read them from `values[id]` and `grads[id]` (one entry per lane).
 */
export class PointGraph {
  readonly nodes: GraphNodeInfo[];
  readonly values: Float64Array[];
  readonly grads: Float64Array[];
  /** Ids of the loss nodes. */
  readonly target: number;
  readonly residual: number;
  readonly lossTerm: number;
  readonly share: number;
  readonly prediction: number;

  constructor(
    readonly program: Program,
    readonly loss: LossName,
  ) {
    const count = program.nodes.length;
    this.nodes = program.nodes.map((node, id) => describe(program, node, id));
    this.prediction = program.output;
    this.nodes[this.prediction].prediction = true;
    this.target = count;
    this.residual = count + 1;
    this.lossTerm = count + 2;
    this.share = count + 3;
    this.nodes.push(
      { id: this.target, kind: 'target', label: 'y', lanes: 1, inputs: [] },
      { id: this.residual, kind: 'op', label: 'ŷ − y', lanes: 1, inputs: [this.prediction, this.target] },
      { id: this.lossTerm, kind: 'op', label: loss === 'mae' ? '|r|' : 'r²', lanes: 1, inputs: [this.residual] },
      { id: this.share, kind: 'loss', label: '÷ N', lanes: 1, inputs: [this.lossTerm] },
    );
    this.values = this.nodes.map((n) => new Float64Array(n.lanes));
    this.grads = this.nodes.map((n) => new Float64Array(n.lanes));
  }

  /**
   * Forward and backward for the point (x, y) of a data set of `n` points. With `from: 'loss'`
   * the gradients are d(loss)/d(node) for this point's term (mean over n); with `from:
   * 'prediction'` they are d ŷ / d(node) (the weights ∂ŷ/∂p), and the loss nodes' gradients are 0.
   */
  run(params: ArrayLike<number>, x: number, y: number, n: number, from: 'loss' | 'prediction' = 'loss'): void {
    this.forward(params, x, y, n);
    this.backward(n, from);
  }

  private forward(params: ArrayLike<number>, x: number, y: number, n: number): void {
    const { program, values } = this;
    const lane = (id: number, j: number) => {
      const v = values[id];
      return v.length === 1 ? v[0] : v[j];
    };
    program.nodes.forEach((node, id) => {
      const out = values[id];
      if (node.op === 'x') out[0] = x;
      else if (node.op === 'const') out[0] = node.value;
      else if (node.op === 'param') {
        const spec = program.params[node.param];
        for (let j = 0; j < out.length; j++) out[j] = params[spec.offset + j];
      } else if (node.op === 'sumUnits') {
        const a = values[node.a];
        let total = 0;
        for (let j = 0; j < a.length; j++) total += a[j];
        out[0] = total;
      } else if (isUnary(node.op)) {
        for (let j = 0; j < out.length; j++) out[j] = foldUnary(node.op, lane(node.a, j));
      } else if (isBinary(node.op)) {
        const { a, b } = node as { a: number; b: number };
        for (let j = 0; j < out.length; j++) out[j] = foldBinary(node.op, lane(a, j), lane(b, j));
      }
    });
    const prediction = values[this.prediction][0];
    values[this.target][0] = y;
    const r = prediction - y;
    values[this.residual][0] = r;
    values[this.lossTerm][0] = this.loss === 'mae' ? Math.abs(r) : r * r;
    values[this.share][0] = values[this.lossTerm][0] / n;
  }

  private backward(n: number, from: 'loss' | 'prediction'): void {
    const { program, values, grads } = this;
    for (const g of grads) g.fill(0);
    if (from === 'loss') {
      grads[this.share][0] = 1;
      grads[this.lossTerm][0] = 1 / n;
      const r = values[this.residual][0];
      const dr = this.loss === 'mae' ? (r > 0 ? 1 : r < 0 ? -1 : r) / n : (2 * r) / n;
      grads[this.residual][0] = dr;
      grads[this.target][0] = -dr;
      grads[this.prediction][0] = dr;
    } else grads[this.prediction][0] = 1;
    const add = (id: number, j: number, amount: number) => {
      const g = grads[id];
      g[g.length === 1 ? 0 : j] += amount;
    };
    const lane = (id: number, j: number) => {
      const v = values[id];
      return v.length === 1 ? v[0] : v[j];
    };
    for (let id = program.nodes.length - 1; id >= 0; id--) {
      const node = program.nodes[id];
      const g = grads[id];
      const out = values[id];
      if (node.op === 'sumUnits') {
        const target = grads[node.a];
        for (let j = 0; j < target.length; j++) target[j] += g[0];
      } else if (isUnary(node.op)) {
        const a = (node as { a: number }).a;
        for (let j = 0; j < g.length; j++) add(a, j, g[j] * unaryPartial(node.op, lane(a, j), out[j]));
      } else if (isBinary(node.op)) {
        const { a, b } = node as { a: number; b: number };
        for (let j = 0; j < g.length; j++) {
          const [da, db] = binaryPartials(node.op, lane(a, j), lane(b, j), out[j]);
          add(a, j, g[j] * da);
          add(b, j, g[j] * db);
        }
      }
    }
  }

  /** Adds this point's parameter gradients (as `run` left them) into a flat vector. */
  addParamGrads(into: Float64Array): void {
    for (const info of this.nodes) {
      if (info.paramOffset === undefined) continue;
      const g = this.grads[info.id];
      for (let j = 0; j < g.length; j++) into[info.paramOffset + j] += g[j];
    }
  }
}

/**
 * Each point's contribution to each gradient: row k holds d(loss)/d(params) for point k's term,
 * so the rows sum to the gradient. `points` limits which rows are computed (default: all).
 */
export function pointContributions(
  program: Program,
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  loss: LossName,
  points?: ArrayLike<number>,
): Float64Array[] {
  const graph = new PointGraph(program, loss);
  const which = points ?? Array.from({ length: x.length }, (_, k) => k);
  return Array.from(which, (k) => {
    const row = new Float64Array(program.paramCount);
    graph.run(params, x[k], y[k], x.length);
    graph.addParamGrads(row);
    return row;
  });
}
