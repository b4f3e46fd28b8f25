// Compiles a Program (scalar parameters, one input) into a WebAssembly module, float64: one
// function evaluates the loss, its gradient and the predictions in a single loop over the points
// with every value in a local, and one runs K steps of gradient descent fused (evaluate, check for
// divergence, keep the last good parameters, record the loss, update), as Trainer.run does them.
// Each op is written by the op table's rules (formula/ops.ts) in WebAssembly instructions; exp,
// log, sin, cos, tanh and pow are imported from JavaScript's Math, so values match the tape's.
//
// Memory (f64 slots): [loss] [params P] [grad P] [direction P] [lastGood P] [rates K] [losses K]
// [y n] [pred n] [static point nodes S × n] — static nodes (x, x**2, …) are filled once by the caller.
import type { Algebra } from '../../formula/algebra';
import { MATH_FUNCTIONS, MathFunction } from '../../formula/algebra';
import { BINARY_RULES, UNARY_RULES } from '../../formula/ops';
import { hasUnits, isBinary, isUnary, paramDependence, Program, readsSecondInput } from '../../formula/program';
import {
  block,
  Bytes,
  encodeModule,
  F64,
  f64Const,
  f64Load,
  f64Store,
  I32,
  i32Const,
  ifElse,
  ifThen,
  localGet,
  localSet,
  loop,
  OP,
  unsigned,
} from './encode';

/** Updates one call of `train` can make (the caller splits longer runs). */
export const MAX_FUSED_STEPS = 1024;

export interface KernelLayout {
  /** Byte offsets of each region. */
  loss: number;
  params: number;
  grad: number;
  direction: number;
  lastGood: number;
  rates: number;
  losses: number;
  y: number;
  pred: number;
  statics: number;
  /** Static point nodes, in node order (as TapeEvaluator.staticPointValues lists them). */
  staticCount: number;
  bytes: number;
}

export interface Kernel {
  module: Uint8Array;
  layout: KernelLayout;
}

const importIndex = (fn: MathFunction): number => MATH_FUNCTIONS.indexOf(fn);

/** The op table's rules as WebAssembly instructions; operands are instruction sequences (local.get). */
const WASM: Algebra<Bytes, Bytes> = {
  num: f64Const,
  add: (a, b) => [...a, ...b, OP.f64Add],
  sub: (a, b) => [...a, ...b, OP.f64Sub],
  mul: (a, b) => [...a, ...b, OP.f64Mul],
  div: (a, b) => [...a, ...b, OP.f64Div],
  neg: (a) => [...a, OP.f64Neg],
  abs: (a) => [...a, OP.f64Abs],
  sqrt: (a) => [...a, OP.f64Sqrt],
  call: (fn, a, b) => [...a, ...(b ?? []), OP.call, ...unsigned(importIndex(fn))],
  gt: (a, b) => [...a, ...b, OP.f64Gt],
  lt: (a, b) => [...a, ...b, OP.f64Lt],
  ge: (a, b) => [...a, ...b, OP.f64Ge],
  le: (a, b) => [...a, ...b, OP.f64Le],
  eq: (a, b) => [...a, ...b, OP.f64Eq],
  ne: (a, b) => [...a, ...b, OP.f64Ne],
  and: (p, q) => [...p, ...q, OP.i32And],
  or: (p, q) => [...p, ...q, OP.i32Or],
  select: (c, t, f) => [...t, ...f, ...c, OP.select],
};

/** Whether the kernel handles this program: scalar parameters only (the ReLU fast path and the tape take vectors). */
export function wasmSupports(program: Program): boolean {
  return program.paramCount > 0 && !readsSecondInput(program) && !program.nodes.some((node) => hasUnits(node.shape));
}

function layoutFor(program: Program, n: number, staticCount: number): KernelLayout {
  const P = program.paramCount;
  let at = 0;
  const take = (slots: number): number => {
    const start = at;
    at += slots * 8;
    return start;
  };
  const layout = {
    loss: take(1),
    params: take(P),
    grad: take(P),
    direction: take(P),
    lastGood: take(P),
    rates: take(MAX_FUSED_STEPS),
    losses: take(MAX_FUSED_STEPS),
    y: take(n),
    pred: take(n),
    statics: take(staticCount * n),
  };
  return { ...layout, staticCount, bytes: at };
}

const at = (offset: number): Bytes => [...i32Const(0), ...f64Load(offset)];
const storeAt = (offset: number, value: Bytes): Bytes => [...i32Const(0), ...value, ...f64Store(offset)];

export function buildKernel(program: Program, n: number): Kernel {
  const { nodes, output, params } = program;
  const depends = paramDependence(program);
  const perPoint = (i: number) => nodes[i].shape === 'points';
  const staticSlot = new Map<number, number>();
  nodes.forEach((_, i) => {
    if (perPoint(i) && !depends[i]) staticSlot.set(i, staticSlot.size);
  });
  const layout = layoutFor(program, n, staticSlot.size);

  // evaluate(lossKind, withGrad, withPred) -> loss. Locals: 0-2 params, 3 p (byte offset of the
  // point), 4 total, 5 d, 6 seed, then a value and an adjoint per node.
  const [LOSS_KIND, WITH_GRAD, WITH_PRED, P, TOTAL, D, SEED] = [0, 1, 2, 3, 4, 5, 6];
  const value = (i: number) => 7 + 2 * i;
  const adjoint = (i: number) => 8 + 2 * i;
  const get = (i: number) => localGet(value(i));

  /** Instructions computing node i's value from its operands' locals. */
  const forward = (i: number): Bytes => {
    const node = nodes[i];
    if (node.op === 'const') return f64Const(node.value);
    if (node.op === 'param') return at(layout.params + params[node.param].offset * 8);
    if (isUnary(node.op)) return UNARY_RULES[node.op].value(WASM, get((node as { a: number }).a));
    if (isBinary(node.op)) {
      const { a, b } = node as { a: number; b: number };
      return BINARY_RULES[node.op].value(WASM, get(a), get(b));
    }
    throw new Error(`the WebAssembly kernel cannot compute ${node.op}`);
  };

  /** Instructions adding node i's adjoint contributions to its operands' adjoints. */
  const backward = (i: number): Bytes => {
    const node = nodes[i];
    if (!isUnary(node.op) && !isBinary(node.op)) return [];
    const out: Bytes = [];
    const addTo = (target: number, contribution: Bytes) => {
      if (depends[target]) out.push(...localGet(adjoint(target)), ...contribution, OP.f64Add, ...localSet(adjoint(target)));
    };
    const g = localGet(adjoint(i));
    if (isUnary(node.op)) {
      const a = (node as { a: number }).a;
      addTo(a, UNARY_RULES[node.op].derivative(WASM, g, get(a), get(i)));
    } else {
      const { a, b } = node as { a: number; b: number };
      const rule = BINARY_RULES[node.op as keyof typeof BINARY_RULES];
      addTo(a, rule.da(WASM, g, get(a), get(b), get(i)));
      addTo(b, rule.db(WASM, g, get(a), get(b), get(i)));
    }
    return out;
  };

  const before: Bytes = [];
  nodes.forEach((node, i) => {
    if (perPoint(i) || node.op === 'x') return;
    before.push(...forward(i), ...localSet(value(i)));
    if (depends[i]) before.push(...f64Const(0), ...localSet(adjoint(i)));
  });

  const pointForward: Bytes = [];
  nodes.forEach((node, i) => {
    if (!perPoint(i)) return;
    const slot = staticSlot.get(i);
    if (slot !== undefined) pointForward.push(...localGet(P), ...f64Load(layout.statics + slot * n * 8), ...localSet(value(i)));
    else pointForward.push(...forward(i), ...localSet(value(i)));
  });
  const d = localGet(D);
  const nConst = f64Const(n);
  // The loss and d loss / d prediction exactly as lossOf computes them (so the tape agrees bit for bit).
  const maeSeed = WASM.div(
    WASM.select(WASM.gt(d, f64Const(0)), f64Const(1), WASM.select(WASM.lt(d, f64Const(0)), f64Const(-1), d)),
    nConst,
  );
  const mseSeed = WASM.div(WASM.mul(f64Const(2), d), nConst);
  const clearPointAdjoints: Bytes = [];
  nodes.forEach((_, i) => {
    if (perPoint(i) && depends[i]) clearPointAdjoints.push(...f64Const(0), ...localSet(adjoint(i)));
  });
  const pointBackwardWith = (seed: Bytes): Bytes => {
    if (!depends[output]) return [];
    const out: Bytes = [...clearPointAdjoints, ...seed, ...localSet(SEED)];
    out.push(...localGet(adjoint(output)), ...localGet(SEED), OP.f64Add, ...localSet(adjoint(output)));
    for (let i = nodes.length - 1; i >= 0; i--) if (perPoint(i) && depends[i]) out.push(...backward(i));
    return out;
  };
  const after: Bytes = [];
  for (let p = 0; p < program.paramCount; p++) after.push(...storeAt(layout.grad + p * 8, f64Const(0)));
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (!depends[i] || perPoint(i)) continue;
    const node = nodes[i];
    if (node.op === 'param') {
      const offset = layout.grad + params[node.param].offset * 8;
      after.push(...storeAt(offset, [...at(offset), ...localGet(adjoint(i)), OP.f64Add]));
    } else after.push(...backward(i));
  }

  /**
   * The body of an evaluate function. `mode` fixes the loss and whether the gradient and the
   * predictions are made; a field left null is read from the function's argument at run time (the
   * exported `evaluate`). The fused steps call the versions with everything fixed, so their point
   * loop has no branch and computes one loss only.
   */
  const evaluateBody = (mode: { loss: 'mae' | 'mse' | null; grad: boolean | null; pred: boolean | null }): Bytes => {
    const isMae = [...localGet(LOSS_KIND), OP.i32Eqz];
    const lossTerm: Bytes =
      mode.loss === 'mae'
        ? [...d, OP.f64Abs]
        : mode.loss === 'mse'
          ? [...d, ...d, OP.f64Mul]
          : [...d, OP.f64Abs, ...d, ...d, OP.f64Mul, ...isMae, OP.select];
    const seed = mode.loss === 'mae' ? maeSeed : mode.loss === 'mse' ? mseSeed : [...maeSeed, ...mseSeed, ...isMae, OP.select];
    const when = (flag: boolean | null, local: number, body: Bytes): Bytes =>
      flag === null ? [...localGet(local), ...ifThen(body)] : flag ? body : [];
    const pointLoop = block(
      loop([
        ...localGet(P),
        ...i32Const(n * 8),
        OP.i32GeS,
        OP.brIf,
        1,
        ...pointForward,
        ...localGet(value(output)),
        ...localGet(P),
        ...f64Load(layout.y),
        OP.f64Sub,
        ...localSet(D),
        ...localGet(TOTAL),
        ...lossTerm,
        OP.f64Add,
        ...localSet(TOTAL),
        ...when(mode.pred, WITH_PRED, [...localGet(P), ...localGet(value(output)), ...f64Store(layout.pred)]),
        ...when(mode.grad, WITH_GRAD, pointBackwardWith(seed)),
        ...localGet(P),
        ...i32Const(8),
        OP.i32Add,
        ...localSet(P),
        OP.br,
        0,
      ]),
    );
    return [
      ...before,
      ...pointLoop,
      ...when(mode.grad, WITH_GRAD, after),
      ...storeAt(layout.loss, [...localGet(TOTAL), ...nConst, OP.f64Div]),
      ...localGet(TOTAL),
      ...nConst,
      OP.f64Div,
    ];
  };
  const evaluateLocals = [I32, F64, F64, F64, ...nodes.flatMap(() => [F64, F64])];

  // train(steps, lossKind, accumulate) -> updates made. Locals: 0-2 params, 3 k, 4 loss, 5 rate, 6 dir.
  const [STEPS, KIND, ACCUMULATE, K, LOSS, RATE, DIR] = [0, 1, 2, 3, 4, 5, 6];
  // Function indices: the imports, then evaluate, train, and the fused steps' MAE and MSE evaluations.
  const [maeIndex, mseIndex] = [MATH_FUNCTIONS.length + 2, MATH_FUNCTIONS.length + 3];
  const callEvaluate = (index: number): Bytes => [...i32Const(0), ...i32Const(1), ...i32Const(0), OP.call, ...unsigned(index)];
  const notFinite = (v: Bytes): Bytes => [...v, ...v, OP.f64Sub, ...f64Const(0), OP.f64Ne];
  const returnK = ifThen([...localGet(K), OP.return]);
  const stepBody: Bytes = [
    ...localGet(K),
    ...localGet(STEPS),
    OP.i32GeS,
    OP.brIf,
    1,
    ...localGet(KIND),
    OP.i32Eqz,
    ...ifElse(F64, callEvaluate(maeIndex), callEvaluate(mseIndex)),
    ...localSet(LOSS),
    ...notFinite(localGet(LOSS)),
    ...returnK,
  ];
  for (let p = 0; p < program.paramCount; p++) {
    stepBody.push(...notFinite(at(layout.params + p * 8)), ...notFinite(at(layout.grad + p * 8)), OP.i32Or, ...returnK);
  }
  for (let p = 0; p < program.paramCount; p++) stepBody.push(...storeAt(layout.lastGood + p * 8, at(layout.params + p * 8)));
  const kOffset = [...localGet(K), ...i32Const(8), OP.i32Mul];
  stepBody.push(...kOffset, ...localGet(LOSS), ...f64Store(layout.losses));
  stepBody.push(...kOffset, ...f64Load(layout.rates), ...localSet(RATE));
  for (let p = 0; p < program.paramCount; p++) {
    const grad = at(layout.grad + p * 8);
    stepBody.push(...[...at(layout.direction + p * 8), ...grad, OP.f64Add], ...grad, ...localGet(ACCUMULATE), OP.select, ...localSet(DIR));
    stepBody.push(...storeAt(layout.direction + p * 8, localGet(DIR)));
    const param = layout.params + p * 8;
    stepBody.push(...storeAt(param, [...at(param), ...localGet(RATE), ...localGet(DIR), OP.f64Mul, OP.f64Sub]));
  }
  stepBody.push(...localGet(K), ...i32Const(1), OP.i32Add, ...localSet(K), OP.br, 0);
  const trainBody: Bytes = [...block(loop(stepBody)), ...localGet(K)];

  const module = encodeModule({
    types: [
      { params: [F64], results: [F64] },
      { params: [F64, F64], results: [F64] },
      { params: [I32, I32, I32], results: [F64] },
      { params: [I32, I32, I32], results: [I32] },
    ],
    imports: MATH_FUNCTIONS.map((fn) => ({ name: fn, type: fn === 'pow' ? 1 : 0 })),
    memoryPages: Math.max(1, Math.ceil(layout.bytes / 65536)),
    functions: [
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: null, grad: null, pred: null }), export: 'evaluate' },
      { type: 3, locals: [I32, F64, F64, F64], body: trainBody, export: 'train' },
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: 'mae', grad: true, pred: false }) },
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: 'mse', grad: true, pred: false }) },
    ],
  });
  return { module, layout };
}
