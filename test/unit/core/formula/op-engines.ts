// Runs one op of the table on each engine, one sample at a time, and compares the loss gradient
// with what the table's value and derivative give: the program is op(x + a) (and op(x + a, b)),
// a = 0, one data point x = the sample, y = 0, MSE, so d loss / d a = rule'(2·out) exactly.
import * as assert from 'node:assert/strict';
import { createOrtBackend } from '../../../../src/core/backends/ort';
import { CompiledEvaluator, generateKernelSource } from '../../../../src/core/eval/codegen';
import { TapeEvaluator } from '../../../../src/core/eval/tape';
import { WasmEvaluator } from '../../../../src/core/eval/wasm/wasm-evaluator';
import { NUMBERS } from '../../../../src/core/formula/algebra';
import { BINARY_RULES, UNARY_RULES } from '../../../../src/core/formula/ops';
import { BINARY_OPS, BinaryOp, Node, Program, UnaryOp } from '../../../../src/core/formula/program';
import { DEFAULT_TRAIN_CONFIG } from '../../../../src/core/train/sgd';
import { ort } from '../backends/ort-helpers';

export const UNARY_SAMPLES = [-2, -0.5, 0, 0.5, 2, 1e-300, NaN, Infinity, -Infinity];
const VALUES = [-1.5, 0, 1, 2, NaN];
export const BINARY_SAMPLES: [number, number][] = [
  ...VALUES.flatMap((a) => VALUES.map((b) => [a, b] as [number, number])),
  [0, 2],
  [0, -1],
  [-2, 2],
  [-2, 0.5],
  [2, 0.5],
  [2, 3],
  [Infinity, Infinity],
  [-Infinity, 1],
];

export function decode(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * Equal as float64 up to 1e-12 relative (the Math functions may differ by an ulp), plus `atol` near
 * 0 (sums that cancel), NaN equal to NaN.
 */
export function expectSame(actual: number, expected: number, what: string, rtol = 1e-12, atol = 0): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${what}: ${actual}, expected NaN`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol, `${what}: ${actual}, expected ${expected}`);
}

export interface Engine {
  name: string;
  /** float32 engines compare at float32 rounding and skip what float32 cannot represent. */
  float32?: boolean;
  lossAndGrad(program: Program, x: Float64Array, params: Float64Array): Promise<{ loss: number; grad: Float64Array }>;
}

function opProgram(op: UnaryOp | BinaryOp): Program {
  const binary = (BINARY_OPS as readonly string[]).includes(op);
  const nodes: Node[] = [
    { op: 'x', shape: 'points' },
    { op: 'param', param: 0, shape: 'scalar' },
    { op: 'add', a: 0, b: 1, shape: 'points' },
  ];
  if (binary) {
    nodes.push({ op: 'param', param: 1, shape: 'scalar' });
    nodes.push({ op: op as BinaryOp, a: 2, b: 3, shape: 'points' });
  } else nodes.push({ op: op as UnaryOp, a: 2, shape: 'points' });
  const params = [{ name: 'a', size: 1, offset: 0 }, ...(binary ? [{ name: 'b', size: 1, offset: 1 }] : [])];
  return { nodes, output: nodes.length - 1, params, units: 1, paramCount: params.length };
}

const y = new Float64Array([0]);

export function engines(extra: Engine[] = []): Engine[] {
  return [
    {
      name: 'tape',
      lossAndGrad: async (program, x, params) => {
        const grad = new Float64Array(program.paramCount);
        return { loss: new TapeEvaluator(program, x).lossAndGrad(params, y, 'mse', grad), grad };
      },
    },
    {
      name: 'generated JavaScript',
      lossAndGrad: async (program, x, params) => {
        const grad = new Float64Array(program.paramCount);
        const tape = new TapeEvaluator(program, x);
        const kernel = new CompiledEvaluator(x, generateKernelSource(program)!, tape.staticPointValues());
        return { loss: kernel.lossAndGrad(params, y, 'mse', grad), grad };
      },
    },
    {
      name: 'WebAssembly kernel',
      lossAndGrad: async (program, x, params) => {
        const grad = new Float64Array(program.paramCount);
        const kernel = WasmEvaluator.create(program, x, new TapeEvaluator(program, x).staticPointValues());
        if (!kernel) throw new Error('no WebAssembly kernel');
        return { loss: kernel.lossAndGrad(params, y, 'mse', grad), grad };
      },
    },
    {
      name: 'ONNX (onnxruntime wasm, float32)',
      float32: true,
      lossAndGrad: async (program, x, params) => {
        const backend = await createOrtBackend(
          ort,
          'wasm',
          { program, data: { x, y }, init: params, config: { ...DEFAULT_TRAIN_CONFIG, loss: 'mse' } },
          { stepsPerRun: 1 },
        );
        try {
          const record = await backend.currentStep();
          return { loss: record.loss, grad: record.grad };
        } finally {
          backend.dispose();
        }
      },
    },
    ...extra,
  ];
}

/** float32 cannot hold 1e-300; its Math functions round to 24 bits. */
const representable = (v: number) => Number.isNaN(v) || !Number.isFinite(v) || v === 0 || Math.fround(v) === v;

export async function runOnEngine(engine: Engine, op: UnaryOp | BinaryOp): Promise<void> {
  const program = opProgram(op);
  const binary = program.paramCount === 2;
  const pairs = binary ? BINARY_SAMPLES : UNARY_SAMPLES.map((a) => [a, NaN] as [number, number]);
  const rtol = engine.float32 ? 1e-6 : 1e-12;
  for (const [a, b] of pairs) {
    if (engine.float32 && !(representable(a) && representable(b))) continue;
    const where = `${engine.name}: ${op}(${a}${binary ? `, ${b}` : ''})`;
    const { loss, grad } = await engine.lossAndGrad(program, new Float64Array([a]), new Float64Array(binary ? [0, b] : [0]));
    const operand = a + 0;
    let out: number,
      da: number,
      db = 0;
    if (binary) {
      const rule = BINARY_RULES[op as BinaryOp];
      out = rule.value(NUMBERS, operand, b);
      const g = 2 * out;
      da = rule.da(NUMBERS, g, operand, b, out);
      db = rule.db(NUMBERS, g, operand, b, out);
    } else {
      const rule = UNARY_RULES[op as UnaryOp];
      out = rule.value(NUMBERS, operand);
      da = rule.derivative(NUMBERS, 2 * out, operand, out);
    }
    expectSame(loss, out * out, `${where} loss`, rtol);
    expectSame(grad[0], da, `${where} d/da`, rtol);
    if (binary) expectSame(grad[1], db, `${where} d/db`, rtol);
  }
}
