// An MLP on the tensor autodiff: the graph is built once per dataset (inputs [n × d], then
// Linear → activation per layer), and each call copies the flat parameters in, runs the forward
// pass, the chosen loss and the backward pass, and copies the flat gradient out. The same
// ModelEvaluator interface as the formula engine, so the SGD trainer drives both identically.
import { Dataset, inputColumns } from '../data/generate';
import type { LossName } from '../eval/loss';
import type { ModelEvaluator } from '../eval/evaluator';
import { activate, addBias, lossNode, matmulTransposed } from '../tensor/ops';
import { Graph, Tensor } from '../tensor/tensor';
import { checkMlp, layerActivations, matrixLayout, mlpParamCount, MlpSpec } from './mlp';

/** Row-major [n × d] from one column per input. */
export function inputMatrix(columns: readonly Float64Array[]): Float64Array {
  const d = columns.length;
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const c = columns[j];
    if (c.length !== n) throw new Error(`Input ${j + 1} has ${c.length} values, input 1 has ${n}`);
    for (let i = 0; i < n; i++) out[i * d + j] = c[i];
  }
  return out;
}

export class MlpEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  readonly paramCount: number;
  private readonly graph = new Graph();
  private readonly params: Float64Array;
  private readonly grad: Float64Array;
  private readonly targets: Float64Array;
  private readonly prediction: Tensor;
  /** Each layer's output after its activation (the last is the prediction). */
  readonly layerOutputs: Tensor[] = [];
  private readonly losses: Record<LossName, Tensor>;
  private readonly one = Float64Array.of(1);

  constructor(
    readonly spec: MlpSpec,
    data: Pick<Dataset, 'x' | 'x2'>,
  ) {
    checkMlp(spec);
    const columns = inputColumns(data as Dataset);
    if (columns.length !== spec.inputs) {
      throw new Error(`The network takes ${spec.inputs} input(s) but the data has ${columns.length}`);
    }
    const n = columns[0].length;
    this.pointCount = n;
    this.paramCount = mlpParamCount(spec);
    this.params = new Float64Array(this.paramCount);
    this.grad = new Float64Array(this.paramCount);
    this.targets = new Float64Array(n);
    const g = this.graph;
    let h = g.input(n, spec.inputs, inputMatrix(columns), 'x');
    const layout = matrixLayout(spec);
    const activations = layerActivations(spec);
    for (let l = 0; l < activations.length; l++) {
      const [w, b] = [layout[2 * l], layout[2 * l + 1]];
      const view = (m: typeof w, buffer: Float64Array): Float64Array => buffer.subarray(m.offset, m.offset + m.rows * m.cols);
      const weight = g.param(w.rows, w.cols, view(w, this.params), w.name, view(w, this.grad));
      const bias = g.param(1, b.cols, view(b, this.params), b.name, view(b, this.grad));
      h = activate(g, addBias(g, matmulTransposed(g, h, weight), bias), activations[l]);
      this.layerOutputs.push(h);
    }
    this.prediction = h;
    this.losses = { mae: lossNode(g, h, this.targets, 'mae'), mse: lossNode(g, h, this.targets, 'mse') };
  }

  private load(params: Float64Array): void {
    if (params.length !== this.paramCount) throw new Error(`Expected ${this.paramCount} parameters, got ${params.length}`);
    this.params.set(params);
  }

  predict(params: Float64Array, out = new Float64Array(this.pointCount)): Float64Array {
    this.load(params);
    this.graph.forward(this.prediction);
    out.set(this.prediction.value);
    return out;
  }

  /** The output of every neuron of hidden layer `layer` (0-based) at every point, [n × width] row-major. */
  hiddenOutputs(params: Float64Array, layer: number): Float64Array {
    if (layer < 0 || layer >= this.spec.hidden.length) throw new RangeError(`No hidden layer ${layer + 1}`);
    this.load(params);
    const node = this.layerOutputs[layer];
    this.graph.forward(node);
    return Float64Array.from(node.value);
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    this.load(params);
    this.setTargets(y);
    this.graph.forward(this.losses[loss]);
    return this.losses[loss].value[0];
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    if (grad.length !== this.paramCount) throw new Error(`Expected a gradient buffer of ${this.paramCount}, got ${grad.length}`);
    this.load(params);
    this.setTargets(y);
    const node = this.losses[loss];
    this.graph.forward(node);
    this.graph.backward(node, this.one);
    grad.set(this.grad);
    return node.value[0];
  }

  private setTargets(y: Float64Array): void {
    if (y.length !== this.pointCount) throw new Error(`Expected ${this.pointCount} targets, got ${y.length}`);
    this.targets.set(y);
  }
}
