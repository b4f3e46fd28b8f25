// An MLP's loss and gradient as ONNX nodes: the float32 twin of src/core/model/mlp-evaluator.ts.
// Forward: per layer Gemm(h, W, b, transB) (W is [out, in] as nn.Linear.weight) and the activation.
// Backward written out: dZ = dA ⊙ act'(A); dW = Gemm(dZ, h, transA) ; db = Σ_rows dZ ; dh = dZ · W.
// Subgradients as PyTorch: relu'(0) = 0 (a mask of A > 0), sign(0) = 0 in MAE (Greater/Less → Cast
// → Sub, no Sign). Only Slice, Reshape, Gemm, MatMul, Relu/Tanh/Sigmoid, elementwise arithmetic,
// Greater/Less/Cast/Where, ReduceSum and Concat: ops with onnxruntime-web WebGPU kernels.
//
// Tensors: params [P] (the flat layout of src/core/model/mlp.ts), x [n, inputs], y [n, 1], invN [1].
import type { LossName } from '../eval/loss';
import { layerActivations, matrixLayout, MlpSpec } from '../model/mlp';
import type { Activation } from '../tensor/ops';
import type { DataInputs, StepTensors } from './emit-gradient';
import { GraphBuilder } from './graph';

const FLOAT = 1; // TensorProto.DataType.FLOAT

export class MlpGradientEmitter {
  constructor(
    private readonly g: GraphBuilder,
    readonly spec: MlpSpec,
    private readonly data: DataInputs,
  ) {}

  private int(name: string, value: number) {
    return { name, kind: 'int' as const, value };
  }

  private slice(params: string, offset: number, size: number): string {
    const g = this.g;
    return g.op('Slice', [params, g.ints([offset]), g.ints([offset + size]), g.ints([0])]);
  }

  private mask(op: 'Greater' | 'Less', a: string, b: string): string {
    return this.g.op('Cast', [this.g.op(op, [a, b])], [this.int('to', FLOAT)]);
  }

  private activation(z: string, activation: Activation): string {
    if (activation === 'identity') return z;
    return this.g.op(activation === 'relu' ? 'Relu' : activation === 'tanh' ? 'Tanh' : 'Sigmoid', [z]);
  }

  /** dA ⊙ act'(·), written with the activation's output A. */
  private activationBackward(dA: string, a: string, activation: Activation): string {
    const g = this.g;
    switch (activation) {
      case 'identity':
        return dA;
      case 'relu':
        return g.op('Where', [g.op('Greater', [a, g.scalar(0)]), dA, g.scalar(0)]);
      case 'tanh':
        return g.op('Mul', [dA, g.op('Sub', [g.scalar(1), g.op('Mul', [a, a])])]);
      case 'sigmoid':
        return g.op('Mul', [dA, g.op('Mul', [a, g.op('Sub', [g.scalar(1), a])])]);
    }
  }

  /** Sum over every element of an [n, 1] tensor, as [1]. */
  private total(t: string): string {
    const g = this.g;
    return g.op('Reshape', [g.op('ReduceSum', [t, g.ints([0])], [this.int('keepdims', 0)]), g.ints([1])]);
  }

  /** The loss at `params` ([P]) and its gradient ([P]). */
  emitStep(params: string, loss: LossName): StepTensors {
    const g = this.g;
    const layout = matrixLayout(this.spec);
    const activations = layerActivations(this.spec);
    const weights: string[] = [];
    const inputs: string[] = []; // the input of each layer
    const outputs: string[] = []; // each layer's output after its activation
    let h = this.data.x;
    for (let l = 0; l < activations.length; l++) {
      const [w, b] = [layout[2 * l], layout[2 * l + 1]];
      const weight = g.op('Reshape', [this.slice(params, w.offset, w.rows * w.cols), g.ints([w.rows, w.cols])]);
      const bias = this.slice(params, b.offset, b.cols);
      inputs.push(h);
      weights.push(weight);
      h = this.activation(g.op('Gemm', [h, weight, bias], [this.int('transB', 1)]), activations[l]);
      outputs.push(h);
    }
    const d = g.op('Sub', [h, this.data.y]);
    let value: string;
    let dA: string;
    if (loss === 'mae') {
      value = g.op('Mul', [this.total(g.op('Abs', [d])), this.data.invN]);
      const sign = g.op('Sub', [this.mask('Greater', d, g.scalar(0)), this.mask('Less', d, g.scalar(0))]);
      dA = g.op('Mul', [sign, this.data.invN]);
    } else {
      value = g.op('Mul', [this.total(g.op('Mul', [d, d])), this.data.invN]);
      dA = g.op('Mul', [d, g.op('Mul', [g.scalar(2), this.data.invN])]);
    }
    const pieces: string[] = new Array(layout.length);
    for (let l = activations.length - 1; l >= 0; l--) {
      const dZ = this.activationBackward(dA, outputs[l], activations[l]);
      const dW = g.op('Gemm', [dZ, inputs[l]], [this.int('transA', 1)]);
      pieces[2 * l] = g.op('Reshape', [dW, g.ints([-1])]);
      pieces[2 * l + 1] = g.op('ReduceSum', [dZ, g.ints([0])], [this.int('keepdims', 0)]);
      if (l > 0) dA = g.op('MatMul', [dZ, weights[l]]);
    }
    return { loss: value, grad: g.op('Concat', pieces, [this.int('axis', 0)]) };
  }
}
