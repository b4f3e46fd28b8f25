// TensorFlow.js doing the same math on the same data: float32 tensors, MAE, plain SGD with lr 0.01
// (optimizer.minimize = tf.variableGrads + an update), one tf.tidy'd step at a time.
import type * as TF from '@tensorflow/tfjs';
import { inputMatrix } from '../src/core/model/mlp-evaluator';
import { matrixLayout } from '../src/core/model/mlp';
import { BenchRow, CaseName, formulaBenchProblem, HEAVY_CASES, mlpBenchProblem } from './cases';
import { measure } from './measure';
import { nodeRuntime } from './ran-on';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tf: typeof TF = require('@tensorflow/tfjs');

let wasmReady: Promise<void> | null = null;

async function useBackend(name: 'cpu' | 'wasm'): Promise<string> {
  if (name === 'wasm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setThreadsCount(n: number): void; getThreadsCount(): number };
    wasmReady ??= Promise.resolve().then(() => wasm.setThreadsCount(1));
    await wasmReady;
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to start');
    return `tfjs ${tf.version.tfjs} wasm, ${wasm.getThreadsCount()} thread(s)`;
  }
  await tf.setBackend('cpu');
  return `tfjs ${tf.version.tfjs} cpu (JavaScript)`;
}

/** The network case: Dense layers as matMul(x, Wᵀ) + b with our starting weights, ReLU, MSE. */
function network(): { variables: TF.Variable[]; loss: () => TF.Scalar; dispose: () => void } {
  const problem = mlpBenchProblem();
  const { x, x2, y } = problem.data;
  const n = x.length;
  const xs = tf.tensor2d(Float32Array.from(inputMatrix([x, x2!])), [n, 2]);
  const ys = tf.tensor2d(Float32Array.from(y), [n, 1]);
  const variables: TF.Variable[] = [];
  for (const m of matrixLayout(problem.network)) {
    const values = Float32Array.from(problem.init.subarray(m.offset, m.offset + m.rows * m.cols));
    variables.push(tf.variable(m.name.startsWith('W') ? tf.tensor2d(values, [m.rows, m.cols]) : tf.tensor1d(values)));
  }
  const loss = (): TF.Scalar => {
    let h: TF.Tensor = xs;
    for (let l = 0; l < variables.length; l += 2) {
      h = tf.add(tf.matMul(h, variables[l], false, true), variables[l + 1]);
      if (l + 2 < variables.length) h = tf.relu(h);
    }
    return tf.mean(tf.square(tf.sub(h, ys))) as TF.Scalar;
  };
  return { variables, loss, dispose: () => tf.dispose([xs, ys, ...variables]) };
}

function model(name: CaseName): { variables: TF.Variable[]; loss: () => TF.Scalar; dispose: () => void } {
  if (name === 'mlp-2x64x64x1-100k') return network();
  const problem = formulaBenchProblem(name);
  const { x, y } = problem.data;
  const init = problem.init;
  const n = x.length;
  const ys = tf.tensor1d(Float32Array.from(y));
  if (name === 'notebook-quadratic') {
    const xs = tf.tensor1d(Float32Array.from(x));
    const [a, b, c] = [0, 1, 2].map((i) => tf.variable(tf.scalar(init[i])));
    const loss = (): TF.Scalar => tf.mean(tf.abs(tf.sub(tf.add(tf.add(tf.mul(a, tf.square(xs)), tf.mul(b, xs)), c), ys))) as TF.Scalar;
    return { variables: [a, b, c], loss, dispose: () => tf.dispose([xs, ys, a, b, c]) };
  }
  const units = init.length / 2;
  const xs = tf.tensor2d(Float32Array.from(x), [n, 1]);
  const m = tf.variable(tf.tensor2d(Float32Array.from(init.slice(0, units)), [1, units]));
  const bias = tf.variable(tf.tensor2d(Float32Array.from(init.slice(units)), [1, units]));
  const loss = (): TF.Scalar => tf.mean(tf.abs(tf.sub(tf.sum(tf.relu(tf.add(tf.mul(xs, m), bias)), 1), ys))) as TF.Scalar;
  return { variables: [m, bias], loss, dispose: () => tf.dispose([xs, ys, m, bias]) };
}

export async function benchTfjs(backend: 'cpu' | 'wasm', name: CaseName): Promise<BenchRow> {
  const description = await useBackend(backend);
  const { variables, loss, dispose } = model(name);
  const optimizer = tf.train.sgd(0.01);
  const m = await measure(
    (steps) => {
      for (let i = 0; i < steps; i++) optimizer.minimize(loss, false, variables);
      variables[0].dataSync(); // wait for the last update
    },
    { targetMs: HEAVY_CASES.has(name) ? 1500 : 400, runs: HEAVY_CASES.has(name) ? 3 : 5 },
  );
  optimizer.dispose();
  dispose();
  return { case: name, engine: backend === 'cpu' ? 'tfjs:cpu' : 'tfjs:wasm', runtime: nodeRuntime(), ...m, note: description };
}
