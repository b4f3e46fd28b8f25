// Compiles a Program (of x, or x1 and x2; scalar and vector parameters) into a WebAssembly module, float64:
// one function evaluates the loss, its gradient and the predictions in a single loop over the
// points with every scalar and point value in a local, the units of a sum(...) in an inner loop
// (passes.ts says what runs where), and one runs K steps of gradient descent fused
// (kernel-train.ts), as Trainer.run does them. Each op is written by the op table's rules
// (formula/ops.ts) in WebAssembly instructions; exp, log, sin, cos, tanh and pow are imported from
// JavaScript's Math, so values match the tape's.
//
// Memory (f64 slots): [loss] [params P] [grad P] [direction P] [lastGood P] [rates K] [losses K]
// [y n] [pred n] [static point nodes S × n] [units values V × U] [units adjoints A × U]
// [grid values of one point G × U] — static nodes (x, x2, x**2, …) are filled once by the caller; a
// vector parameter's values are read where they lie in [params].
import { MATH_FUNCTIONS } from '../../formula/algebra';
import { BINARY_RULES, UNARY_RULES } from '../../formula/ops';
import { isBinary, isUnary, Node, Program } from '../../formula/program';
import {
  Bytes,
  encodeModule,
  F64,
  f64Const,
  f64Load,
  f64Store,
  I32,
  i32Const,
  ifThen,
  localGet,
  localSet,
  OP,
  overSlots,
  unsigned,
} from './encode';
import { forEachParam, TRAIN_LOCALS, trainBody } from './kernel-train';
import { IMPORT_COUNT, runImportIndex, runImportName, RUN_FUNCTIONS, singleCallOf, WASM } from './wasm-algebra';
import { KernelPasses, kernelPasses } from './passes';

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
  /** Values of the units nodes that are not parameters, then the adjoints of every units node, then one point's grid values. */
  unitValues: number;
  unitAdjoints: number;
  gridValues: number;
  /** Static point nodes, in node order (as TapeEvaluator.staticPointValues lists them). */
  staticCount: number;
  bytes: number;
}

export interface Kernel {
  module: Uint8Array;
  layout: KernelLayout;
}

/** Whether the kernel handles this program: a parameter and a schedule (passes.ts); the tape takes the rest. */
export function wasmSupports(program: Program): boolean {
  return program.paramCount > 0 && kernelPasses(program) !== null;
}

function layoutFor(program: Program, n: number, passes: KernelPasses): KernelLayout {
  const P = program.paramCount;
  const U = program.units;
  const ownUnits = passes.unitNodes.filter((i) => program.nodes[i].op !== 'param').length;
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
    statics: take(passes.statics.length * n),
    unitValues: take(ownUnits * U),
    unitAdjoints: take(passes.unitNodes.length * U),
    gridValues: take(passes.gridNodes.length * U),
  };
  return { ...layout, staticCount: passes.statics.length, bytes: at };
}

const at = (offset: number): Bytes => [...i32Const(0), ...f64Load(offset)];
const storeAt = (offset: number, value: Bytes): Bytes => [...i32Const(0), ...value, ...f64Store(offset)];
const operand = (node: Node): number => (node as { a: number }).a;

export function buildKernel(program: Program, n: number): Kernel {
  const passes = kernelPasses(program);
  if (!passes) throw new Error('the WebAssembly kernel cannot schedule this program (a sum reads a value of another sum’s terms)');
  const { nodes, output, params, units: U } = program;
  const { depends, level, lastLevel } = passes;
  const layout = layoutFor(program, n, passes);
  const shape = (i: number) => nodes[i].shape;

  // Byte offsets of the units nodes' values and adjoints (unit j adds j·8) and of each grid node's values at one point.
  const unitValueAt = new Map<number, number>();
  const unitAdjointAt = new Map<number, number>();
  let ownUnits = 0;
  passes.unitNodes.forEach((i, k) => {
    const node = nodes[i];
    unitValueAt.set(i, node.op === 'param' ? layout.params + params[node.param].offset * 8 : layout.unitValues + ownUnits++ * U * 8);
    unitAdjointAt.set(i, layout.unitAdjoints + k * U * 8);
  });
  const gridAt = new Map(passes.gridNodes.map((i, k) => [i, layout.gridValues + k * U * 8]));
  const staticAt = new Map(passes.statics.map((i, k) => [i, layout.statics + k * n * 8]));

  // evaluate(lossKind, withGrad, withPred) -> loss. Locals: 0-2 params, 3 p (byte offset of the
  // point), 4 total, 5 d, 6 seed, then a value and an adjoint per node, then j (byte offset of the unit).
  const [LOSS_KIND, WITH_GRAD, WITH_PRED, P, TOTAL, D, SEED] = [0, 1, 2, 3, 4, 5, 6];
  const value = (i: number) => 7 + 2 * i;
  const adjoint = (i: number) => 8 + 2 * i;
  const J = 7 + 2 * nodes.length;
  const atUnit = (offset: number): Bytes => [...localGet(J), ...f64Load(offset)];
  const storeAtUnit = (offset: number, v: Bytes): Bytes => [...localGet(J), ...v, ...f64Store(offset)];
  const overUnits = (body: Bytes): Bytes => overSlots(J, U, body);

  /** Pushes node i's value (a units node's at unit j; every other from its local). */
  const read = (i: number): Bytes => (shape(i) === 'units' ? atUnit(unitValueAt.get(i)!) : localGet(value(i)));
  const readAdjoint = (i: number): Bytes => (shape(i) === 'units' ? atUnit(unitAdjointAt.get(i)!) : localGet(adjoint(i)));
  /** Adds `contribution` to node i's adjoint (a units node's at unit j). */
  const addTo = (i: number, contribution: Bytes): Bytes => {
    if (!depends[i]) return [];
    if (shape(i) !== 'units') return [...localGet(adjoint(i)), ...contribution, OP.f64Add, ...localSet(adjoint(i))];
    const offset = unitAdjointAt.get(i)!;
    return storeAtUnit(offset, [...atUnit(offset), ...contribution, OP.f64Add]);
  };

  /** Instructions pushing node i's value, computed from its operands. */
  const forward = (i: number): Bytes => {
    const node = nodes[i];
    if (node.op === 'const') return f64Const(node.value);
    if (node.op === 'param') return at(layout.params + params[node.param].offset * 8);
    if (isUnary(node.op)) return UNARY_RULES[node.op].value(WASM, read(operand(node)));
    if (isBinary(node.op)) {
      const { a, b } = node as { a: number; b: number };
      return BINARY_RULES[node.op].value(WASM, read(a), read(b));
    }
    throw new Error(`the WebAssembly kernel cannot compute ${node.op}`);
  };

  /** Instructions adding node i's adjoint contributions to its operands' adjoints. */
  const backward = (i: number): Bytes => {
    const node = nodes[i];
    const g = readAdjoint(i);
    if (node.op === 'sumUnits') return addTo(node.a, g);
    if (isUnary(node.op)) {
      const a = operand(node);
      return addTo(a, UNARY_RULES[node.op].derivative(WASM, g, read(a), read(i)));
    }
    if (!isBinary(node.op)) return [];
    const { a, b } = node as { a: number; b: number };
    const rule = BINARY_RULES[node.op];
    return [...addTo(a, rule.da(WASM, g, read(a), read(b), read(i))), ...addTo(b, rule.db(WASM, g, read(a), read(b), read(i)))];
  };

  // Once per evaluation, before the points: scalar nodes in locals, units nodes along the units.
  const before: Bytes = [];
  nodes.forEach((node, i) => {
    if (shape(i) === 'points' || shape(i) === 'grid') return;
    if (shape(i) === 'units') {
      if (node.op !== 'param') before.push(...overUnits(storeAtUnit(unitValueAt.get(i)!, forward(i))));
      before.push(...overUnits(storeAtUnit(unitAdjointAt.get(i)!, f64Const(0))));
      return;
    }
    if (node.op === 'sumUnits')
      before.push(
        ...f64Const(0),
        ...localSet(value(i)),
        ...overUnits([...localGet(value(i)), ...read(node.a), OP.f64Add, ...localSet(value(i))]),
      );
    else before.push(...forward(i), ...localSet(value(i)));
    if (depends[i]) before.push(...f64Const(0), ...localSet(adjoint(i)));
  });

  const indices = nodes.map((_, i) => i);
  /** Point nodes of pass l (sums excluded: they are made in the units loop of the pass before). */
  const pointNodes = (l: number) => indices.filter((i) => level[i] === l && shape(i) === 'points' && nodes[i].op !== 'sumUnits');
  const gridNodes = (l: number) => indices.filter((i) => level[i] === l && shape(i) === 'grid');
  /** The sums over the grid nodes of pass l. */
  const sumsOf = (l: number) => indices.filter((i) => level[i] === l + 1 && shape(i) === 'points' && nodes[i].op === 'sumUnits');

  /** A grid node computed by one call over all its units (a Math function of a grid operand), or null. */
  const runCall = (g: number): ReturnType<typeof singleCallOf> => {
    const node = nodes[g];
    return isUnary(node.op) && shape(operand(node)) === 'grid' ? singleCallOf(node.op) : null;
  };
  /**
   * The units loops of pass l: grid nodes in order, every value kept in memory for the backward
   * loop (one point's worth, U per grid node); a node that is one Math call of a grid operand cuts
   * the loop and runs as one call over its U values; a later loop reloads the values it reads.
   */
  const gridForward = (grid: number[], sums: number[]): Bytes => {
    const out: Bytes = [];
    let segment: number[] = [];
    const flush = (withSums: boolean) => {
      const inSegment = new Set(segment);
      const reads = new Set<number>();
      const readers = withSums ? [...segment, ...sums] : segment;
      for (const i of readers)
        for (const k of 'b' in nodes[i] ? [operand(nodes[i]), (nodes[i] as { b: number }).b] : [operand(nodes[i])])
          if (shape(k) === 'grid' && !inSegment.has(k)) reads.add(k);
      if (!readers.length) return;
      const body: Bytes = [];
      for (const k of reads) body.push(...localGet(J), ...f64Load(gridAt.get(k)!), ...localSet(value(k)));
      for (const g of segment) body.push(...localGet(J), ...forward(g), OP.localTee, ...unsigned(value(g)), ...f64Store(gridAt.get(g)!));
      if (withSums) for (const s of sums) body.push(...localGet(value(s)), ...read(operand(nodes[s])), OP.f64Add, ...localSet(value(s)));
      out.push(...overUnits(body));
      segment = [];
    };
    for (const g of grid) {
      const fn = runCall(g);
      if (fn === null) {
        segment.push(g);
        continue;
      }
      flush(false);
      out.push(
        ...i32Const(gridAt.get(operand(nodes[g]))!),
        ...i32Const(gridAt.get(g)!),
        ...i32Const(U),
        OP.call,
        ...unsigned(runImportIndex(fn)),
      );
    }
    flush(true);
    return out;
  };

  const pointForward: Bytes = [];
  for (const i of passes.statics) pointForward.push(...localGet(P), ...f64Load(staticAt.get(i)!), ...localSet(value(i)));
  for (let l = 0; l <= lastLevel; l++) {
    for (const i of pointNodes(l)) pointForward.push(...forward(i), ...localSet(value(i)));
    const grid = gridNodes(l);
    if (!grid.length) continue;
    const sums = sumsOf(l);
    for (const s of sums) pointForward.push(...f64Const(0), ...localSet(value(s)));
    pointForward.push(...gridForward(grid, sums));
  }
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
    if (shape(i) === 'points' && depends[i]) clearPointAdjoints.push(...f64Const(0), ...localSet(adjoint(i)));
  });
  const pointBackwardWith = (seed: Bytes): Bytes => {
    if (!depends[output]) return [];
    const out: Bytes = [...clearPointAdjoints, ...seed, ...localSet(SEED)];
    out.push(...localGet(adjoint(output)), ...localGet(SEED), OP.f64Add, ...localSet(adjoint(output)));
    for (let l = lastLevel; l >= 0; l--) {
      const grid = gridNodes(l);
      if (grid.length) {
        const body: Bytes = [];
        for (const g of grid)
          body.push(...localGet(J), ...f64Load(gridAt.get(g)!), ...localSet(value(g)), ...f64Const(0), ...localSet(adjoint(g)));
        for (const i of [...grid, ...sumsOf(l)].sort((p, q) => q - p)) body.push(...backward(i));
        out.push(...overUnits(body));
      }
      for (const i of pointNodes(l).reverse()) out.push(...backward(i));
    }
    return out;
  };
  // After the points: the scalar and units adjoints are complete; take them down to the parameters.
  const after: Bytes = forEachParam(program.paramCount, J, (slot) => slot.store(layout.grad, f64Const(0)));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!depends[i] || shape(i) === 'points' || shape(i) === 'grid') continue;
    if (node.op === 'param') {
      const offset = layout.grad + params[node.param].offset * 8;
      if (shape(i) === 'units') after.push(...overUnits(storeAtUnit(offset, [...atUnit(offset), ...readAdjoint(i), OP.f64Add])));
      else after.push(...storeAt(offset, [...at(offset), ...localGet(adjoint(i)), OP.f64Add]));
    } else if (shape(i) === 'units' || node.op === 'sumUnits') after.push(...overUnits(backward(i)));
    else after.push(...backward(i));
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
    const pointLoop = overSlots(P, n, [
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
    ]);
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
  const evaluateLocals = [I32, F64, F64, F64, ...nodes.flatMap(() => [F64, F64]), I32];

  // Function indices: the imports, then evaluate, train, and the fused steps' MAE and MSE evaluations.
  const [maeIndex, mseIndex] = [IMPORT_COUNT + 2, IMPORT_COUNT + 3];
  const module = encodeModule({
    types: [
      { params: [F64], results: [F64] },
      { params: [F64, F64], results: [F64] },
      { params: [I32, I32, I32], results: [F64] },
      { params: [I32, I32, I32], results: [I32] },
      { params: [I32, I32, I32], results: [] },
    ],
    imports: [
      ...MATH_FUNCTIONS.map((fn) => ({ name: fn, type: fn === 'pow' ? 1 : 0 })),
      ...RUN_FUNCTIONS.map((fn) => ({ name: runImportName(fn), type: 4 })),
    ],
    memoryPages: Math.max(1, Math.ceil(layout.bytes / 65536)),
    functions: [
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: null, grad: null, pred: null }), export: 'evaluate' },
      { type: 3, locals: TRAIN_LOCALS, body: trainBody(program.paramCount, layout, maeIndex, mseIndex), export: 'train' },
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: 'mae', grad: true, pred: false }) },
      { type: 2, locals: evaluateLocals, body: evaluateBody({ loss: 'mse', grad: true, pred: false }) },
    ],
  });
  return { module, layout };
}
