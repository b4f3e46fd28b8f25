// The two ONNX models a backend runs for one model formula:
//  - the step model: K gradient-descent updates unrolled into one graph (ONNX Loop has no WebGPU
//    kernel, and unrolling lets the runtime plan all K steps' memory at once);
//  - the inspect model: the loss and gradient at the current parameters, no update.
// Data, learning rates and the accumulate switch are inputs, so one session serves any dataset
// size, schedule and mode; only the model (a formula or a network), the loss and K shape the graph.
import type { LossName } from '../eval/loss';
import { Program } from '../formula/program';
import { formatLayers, mlpParamCount, MlpSpec } from '../model/mlp';
import { DataInputs, GradientEmitter, StepTensors } from './emit-gradient';
import { MlpGradientEmitter } from './emit-mlp';
import { GraphBuilder } from './graph';

/** What the step and inspect models need from a model: its size, its inputs and its gradient as nodes. */
export interface GraphModel {
  paramCount: number;
  /** Columns of x: 1, or 2 for a network of x1 and x2. */
  inputs: number;
  /** Identifies the graph's structure (the shared session cache's key). */
  key: string;
  emitter(g: GraphBuilder, data: DataInputs): { emitStep(params: string, loss: LossName): StepTensors };
}

export function formulaGraphModel(program: Program): GraphModel {
  return {
    paramCount: program.paramCount,
    inputs: program.inputs ?? 1,
    key: JSON.stringify({
      nodes: program.nodes,
      output: program.output,
      params: program.params.map((p) => p.size),
      units: program.units,
      ...(program.inputs ? { inputs: program.inputs } : {}),
    }),
    emitter: (g, data) => new GradientEmitter(g, program, data),
  };
}

export function networkGraphModel(spec: MlpSpec): GraphModel {
  return {
    paramCount: mlpParamCount(spec),
    inputs: spec.inputs,
    key: `network ${formatLayers(spec)}`,
    emitter: (g, data) => new MlpGradientEmitter(g, spec, data),
  };
}

function asGraphModel(model: Program | GraphModel): GraphModel {
  return 'nodes' in model ? formulaGraphModel(model) : model;
}

export const INPUTS = {
  /** [P] float32: the flat parameter vector. */
  params: 'params',
  /** [P] float32: the accumulated gradient (ignored unless accumulate is 1). */
  direction: 'direction',
  /** [n, inputs] float32 */
  x: 'x',
  /** [n, 1] float32 */
  y: 'y',
  /** [1] float32: 1 / n. */
  invN: 'inv_n',
  /** [K] float32: the learning rate of each update. */
  lrs: 'lrs',
  /** [1] float32: 1 to add each gradient to the direction (the original notebook), 0 for plain SGD. */
  accumulate: 'accumulate',
} as const;

export const OUTPUTS = {
  /** [P]: the parameters after K updates (kept on the GPU by the webgpu backend). */
  params: 'params_out',
  /** [P]: the direction after K updates (kept on the GPU). */
  direction: 'direction_out',
  /**
   * [K + 3P], read back after every run: for each update the loss before it (NaN when that step's
   * loss, parameters or gradient was not finite), then the new parameters, the new direction and
   * the parameters before the last update (the last good ones if the next step diverges).
   */
  readback: 'readback',
  /** Inspect model, [1 + P]: the loss, then the gradient. */
  inspect: 'inspect',
} as const;

export type ModelKind = 'step' | 'inspect';

/** What identifies a model: the formula's or network's structure, the loss, and K for step models. */
export function modelKey(model: Program | GraphModel, loss: LossName, kind: ModelKind, steps = 0): string {
  return `${kind}|${loss}|${kind === 'step' ? steps : 0}|${asGraphModel(model).key}`;
}

function dataInputs(g: GraphBuilder, inputs: number): DataInputs {
  return {
    x: g.input(INPUTS.x, 'float', ['n', inputs]),
    y: g.input(INPUTS.y, 'float', ['n', 1]),
    invN: g.input(INPUTS.invN, 'float', [1]),
  };
}

/** K ≥ 1 updates: direction = accumulate·direction + grad; params -= lr_k · direction. */
export function buildStepModel(source: Program | GraphModel, loss: LossName, steps: number): Uint8Array {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`The number of unrolled steps must be a whole number ≥ 1, got ${steps}`);
  const model = asGraphModel(source);
  const P = model.paramCount;
  const g = new GraphBuilder(`train_${steps}`);
  const params0 = g.input(INPUTS.params, 'float', [P]);
  const direction0 = g.input(INPUTS.direction, 'float', [P]);
  const data = dataInputs(g, model.inputs);
  const lrs = g.input(INPUTS.lrs, 'float', [steps]);
  const accumulate = g.input(INPUTS.accumulate, 'float', [1]);
  const emitter = model.emitter(g, data);
  const zero = g.scalar(0);
  const sumAll = (t: string): string => g.op('ReduceSum', [t, g.ints([0])], [{ name: 'keepdims', kind: 'int', value: 1 }]);

  let params = params0;
  let direction = direction0;
  let previous = params0;
  const losses: string[] = [];
  for (let k = 0; k < steps; k++) {
    const { loss: value, grad } = emitter.emitStep(params, loss);
    // 0 · (Σ params + Σ grad) is 0 when all are finite and NaN otherwise; added to the loss it flags the step.
    const health = g.op('Mul', [zero, g.op('Add', [sumAll(params), sumAll(grad)])]);
    losses.push(g.op('Add', [value, health]));
    const lr = g.op('Slice', [lrs, g.ints([k]), g.ints([k + 1]), g.ints([0])]);
    direction = g.op('Add', [g.op('Mul', [direction, accumulate]), grad]);
    previous = params;
    params = g.op('Sub', [params, g.op('Mul', [lr, direction])]);
  }
  const lossVector = losses.length === 1 ? losses[0] : g.op('Concat', losses, [{ name: 'axis', kind: 'int', value: 0 }]);
  const readback = g.op('Concat', [lossVector, params, direction, previous], [{ name: 'axis', kind: 'int', value: 0 }]);
  g.output(OUTPUTS.params, params, 'float', [P]);
  g.output(OUTPUTS.direction, direction, 'float', [P]);
  g.output(OUTPUTS.readback, readback, 'float', [steps + 3 * P]);
  return g.encode(`${steps} gradient-descent step(s), ${loss.toUpperCase()} loss, ${P} parameter(s)`);
}

/** The loss and gradient at `params`, concatenated: [loss, grad_0, …, grad_{P-1}]. */
export function buildInspectModel(source: Program | GraphModel, loss: LossName): Uint8Array {
  const model = asGraphModel(source);
  const P = model.paramCount;
  const g = new GraphBuilder('inspect');
  const params = g.input(INPUTS.params, 'float', [P]);
  const emitter = model.emitter(g, dataInputs(g, model.inputs));
  const { loss: value, grad } = emitter.emitStep(params, loss);
  g.output(OUTPUTS.inspect, g.op('Concat', [value, grad], [{ name: 'axis', kind: 'int', value: 0 }]), 'float', [1 + P]);
  return g.encode(`loss and gradient, ${loss.toUpperCase()} loss, ${P} parameter(s)`);
}
