// A small reverse-mode autodiff over float64 matrices, in the spirit of micrograd but batched:
// every value is a whole [rows × cols] matrix (rows = data points), stored row-major in one
// Float64Array. A Graph records operations once; `forward()` recomputes every value in order and
// `backward(seed)` walks them in reverse, adding each node's contribution to its inputs' gradients.
// Buffers are allocated when the graph is built, so a training step allocates nothing.
//
// Leaves (inputs and parameters) may be views into caller-owned arrays: a network's weight
// matrices are subarrays of the one flat parameter vector the trainer steps, and their gradients
// subarrays of the flat gradient, so nothing is copied in or out.
//
// Design: the sum of N ReLUs stays in the formula engine (src/core/eval), not a one-hidden-layer
// special case of this one. Measured on 64 ReLUs × 100k points, loss and gradient per step, one
// run on the 2-core dev machine: the formula engine's dedicated sum-of-ReLUs evaluator 10.2
// steps/s, this engine's 1×64×1 network 3.9 steps/s — and the formula engine's exact
// O(n + N log N) sweep (issue 13) widens the gap by orders of magnitude, which a general matrix
// engine cannot use (it needs one input and a single layer). The formula engine also keeps the
// lesson's own formulas (output weights fixed at 1, torch.clip) readable and editable. This engine
// serves what the formula engine cannot express: layers after layers, 2 inputs, matrices.

export class Tensor {
  /** d (the seeded output) / d this, same layout as `value`; zeroed by Graph.backward. */
  grad: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    public value: Float64Array,
    readonly label: string,
    /** Recomputes `value` from the inputs (absent on leaves). */
    readonly forward?: () => void,
    /** Adds this node's gradient into its inputs' gradients (absent on leaves). */
    readonly backward?: () => void,
    /** Whether gradients flow into this node at all (false for data). */
    readonly needsGrad = true,
  ) {
    if (value.length !== rows * cols) throw new Error(`${label}: ${rows}×${cols} needs ${rows * cols} values, got ${value.length}`);
    this.grad = new Float64Array(needsGrad ? rows * cols : 0);
  }

  get size(): number {
    return this.rows * this.cols;
  }
}

export class Graph {
  /** Every node in the order it was added, which is an evaluation order. */
  readonly nodes: Tensor[] = [];

  add(node: Tensor): Tensor {
    this.nodes.push(node);
    return node;
  }

  /** Data: no gradient. `value` is used in place (not copied). */
  input(rows: number, cols: number, value: Float64Array, label = 'input'): Tensor {
    return this.add(new Tensor(rows, cols, value, label, undefined, undefined, false));
  }

  /** A trainable leaf viewing `value`; its gradient is written into `grad` when given (a view too). */
  param(rows: number, cols: number, value: Float64Array, label: string, grad?: Float64Array): Tensor {
    const t = this.add(new Tensor(rows, cols, value, label));
    if (grad) {
      if (grad.length !== t.size) throw new Error(`${label}: gradient buffer has ${grad.length} values, needs ${t.size}`);
      t.grad = grad;
    }
    return t;
  }

  /** Recomputes every non-leaf value, or those up to and including `upTo`. */
  forward(upTo?: Tensor): void {
    const end = upTo ? this.nodes.indexOf(upTo) : this.nodes.length - 1;
    if (end < 0) throw new Error(`${upTo!.label} is not in this graph`);
    for (let i = 0; i <= end; i++) this.nodes[i].forward?.();
  }

  /**
   * Reverse mode from `output`: its gradient is set to `seed` (d loss / d output), every other
   * gradient is cleared, and each node passes its gradient back to its inputs, last node first.
   */
  backward(output: Tensor, seed: Float64Array): void {
    if (seed.length !== output.size) throw new Error(`seed has ${seed.length} values, ${output.label} has ${output.size}`);
    for (const node of this.nodes) if (node.needsGrad) node.grad.fill(0);
    output.grad.set(seed);
    const end = this.nodes.indexOf(output);
    if (end < 0) throw new Error(`${output.label} is not in this graph`);
    for (let i = end; i >= 0; i--) this.nodes[i].backward?.();
  }
}
