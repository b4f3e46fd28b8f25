// How nn-fit prints a network's step in --json: matrix parameters named W1, b1, W2, b2, … with
// each W nested as nn.Linear.weight (out × in) and each b as nn.Linear.bias, so that step 0 loads
// straight into torch (`layer.weight.copy_(torch.tensor(W1))`) and the run can be replayed.
import { MlpSpec, unflattenParams } from '../core/model/mlp';
import { StepRecord } from '../core/train/sgd';

export function networkJsonLine(spec: MlpSpec, record: StepRecord): string {
  return JSON.stringify({
    step: record.step,
    loss: record.loss,
    params: unflattenParams(spec, record.params),
    grad: unflattenParams(spec, record.grad),
  });
}
