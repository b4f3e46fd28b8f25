// A network (src/core/model/mlp.ts) as a runnable PyTorch script: an nn.Sequential of nn.Linear and
// activations holding the exact current weights (every digit), the data the panel trains on, and
// the panel's own loop (its learning-rate schedule from the current step, zeroing the gradient or
// accumulating it as the original notebook does, with the accumulated gradient carried over), in
// float64, so that running it prints the panel's next steps.
import type { Dataset } from '../../src/core/data/generate';
import { layerActivations, layerSizes, matrixLayout, MlpSpec, unflattenParams } from '../../src/core/model/mlp';
import type { TrainState } from '../../src/protocol/state';
import { INLINE_POINTS, pyNumber, scheduleExpression } from './pytorch';

const TORCH_ACTIVATION = { relu: 'nn.ReLU()', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()' } as const;

export interface NetworkExportInput {
  spec: MlpSpec;
  /** The current parameters (flat, the layout of mlp.ts). */
  params: ArrayLike<number>;
  /** The accumulated gradient, when accumulating: the next update adds to it. */
  direction?: ArrayLike<number>;
  data: Dataset;
  /** The data's file name, when it is larger than INLINE_POINTS and read from its CSV. */
  dataName?: string;
  train: Pick<TrainState, 'lr' | 'schedule' | 'loss' | 'accumulate'>;
  /** Updates made so far (the schedule continues from here). */
  step: number;
  /** Steps to write in the loop. */
  steps: number;
}

function nested(value: number[] | number[][]): string {
  return Array.isArray(value[0])
    ? `[${(value as number[][]).map((row) => `[${row.map(pyNumber).join(', ')}]`).join(',\n        ')}]`
    : `[${(value as number[]).map(pyNumber).join(', ')}]`;
}

function dataLines(input: NetworkExportInput): string[] {
  const { data } = input;
  const columns = data.x2 ? [data.x, data.x2] : [data.x];
  if (data.x.length <= INLINE_POINTS) {
    const rows = Array.from(data.x, (_, i) => `[${columns.map((c) => pyNumber(c[i])).join(', ')}]`);
    return [`x = torch.tensor([${rows.join(', ')}])`, `y = torch.tensor([${Array.from(data.y, pyNumber).join(', ')}])[:,None]`];
  }
  const name = JSON.stringify(input.dataName ?? 'data.csv');
  return [
    `# ${data.x.length} rows, read from the file (put it next to this script; columns ${data.x2 ? 'x1, x2' : 'x'}, then y)`,
    `xy = np.genfromtxt(${name}, delimiter=',', names=True)`,
    `x = torch.tensor(np.stack([xy[n] for n in xy.dtype.names[:${columns.length}]], axis=1))`,
    `y = torch.tensor(xy[xy.dtype.names[${columns.length}]])[:,None]`,
  ];
}

export function networkPytorchScript(input: NetworkExportInput): string {
  const { spec, train } = input;
  const sizes = layerSizes(spec);
  const activations = layerActivations(spec);
  const layers: string[] = [];
  const linearAt: number[] = []; // the index of each nn.Linear in the Sequential
  for (let l = 0; l < activations.length; l++) {
    linearAt.push(layers.length);
    layers.push(`nn.Linear(${sizes[l]}, ${sizes[l + 1]}),`);
    const act = activations[l];
    if (act !== 'identity') layers.push(`${TORCH_ACTIVATION[act]},`);
  }
  const weights = unflattenParams(spec, input.params);
  const linearIndex = (l: number): number => linearAt[l];
  const copies = matrixLayout(spec).map((m) => {
    const l = Number(m.name.slice(1)) - 1;
    return `    model[${linearIndex(l)}].${m.name.startsWith('W') ? 'weight' : 'bias'}.copy_(torch.tensor(${nested(weights[m.name])}))`;
  });
  const accumulated = train.accumulate && input.direction && Array.from(input.direction).some((v) => v !== 0);
  const directionLines = accumulated
    ? [
        '# The gradient accumulated so far (the notebook never zeroes it): the next update adds to it.',
        ...matrixLayout(spec).map((m) => {
          const l = Number(m.name.slice(1)) - 1;
          const values = unflattenParams(spec, input.direction!)[m.name];
          return `model[${linearIndex(l)}].${m.name.startsWith('W') ? 'weight' : 'bias'}.grad = torch.tensor(${nested(values)})`;
        }),
      ]
    : [];
  const lossFn = train.loss === 'mae' ? 'torch.nn.functional.l1_loss' : 'torch.nn.functional.mse_loss';
  const lr = scheduleExpression(train.lr, train.schedule).replace(/\bi\b/g, 'step');
  return [
    '# Exported from Neural Net Deep Dive: the network with its current weights, the data and the',
    "# training loop; running it continues the panel's training step for step (float64).",
    ...(train.schedule.kind === 'cosine' ? ['import math'] : []),
    'import numpy as np',
    'import torch',
    'from torch import nn',
    '',
    'torch.set_default_dtype(torch.float64)',
    '',
    ...dataLines(input),
    '',
    `model = nn.Sequential(\n    ${layers.join('\n    ')}\n)`,
    'with torch.no_grad():',
    ...copies,
    ...directionLines,
    '',
    `for step in range(${input.step}, ${input.step + input.steps}):`,
    `    loss = ${lossFn}(model(x), y)`,
    '    loss.backward()',
    '    with torch.no_grad():',
    '        for p in model.parameters():',
    `            p -= p.grad*(${lr})`,
    ...(train.accumulate
      ? ['            # As in the original notebook, the gradient is never zeroed: each step adds to the last.']
      : ['            p.grad.zero_()']),
    "    print(f'step={step}; loss={loss.item():.17g}')",
    '',
  ].join('\n');
}
