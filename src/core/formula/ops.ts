// The one table of op rules. For every unary and binary op of a Program: its value and its
// derivative (written once in the Algebra of algebra.ts, so constant folding, the point-by-point
// evaluator, the tape, the generated JavaScript and the WebAssembly kernel all compute the same
// thing), how it is written as ONNX nodes (onnx/emit-gradient.ts, float32 on wasm/webgpu) and as
// PyTorch (the code export). Adding an op is one entry here; test/unit/core/formula/ops.test.ts
// fails when an op lacks a rule and checks every engine against `value`/`derivative`.
//
// Subgradients follow PyTorch: relu'(0) = 0, |0|' = 0, a tie in max/min splits the gradient in
// half, clamp passes it to the value on the bound, pow as torch.pow (an exponent of 0 gives the
// base no gradient; a base of 0 with an exponent ≥ 0 gives the exponent none). NaN propagates
// through values (relu(NaN) and max(NaN, 1) are NaN, as in torch), and at NaN the derivatives
// are torch's too (test/fixtures/op-rules-torch.json, from scripts/golden-op-rules.py). Where torch
// multiplies the incoming gradient (abs, mul, pow, sqrt, log, ...) the rule multiplies too, so an
// infinite gradient meeting a zero factor is NaN; where torch selects (relu, max/min, clamp) the rule
// selects, so a masked branch gets an exact 0 whatever comes from above (checked with infinite and
// zero incoming gradients, and on chained formulas: test/fixtures/op-chains-torch.json).
import type { Algebra } from './algebra';
import { BINARY_OPS, BinaryOp, UNARY_OPS, UnaryOp } from './program';

export type OnnxCompare = 'Greater' | 'Less' | 'GreaterOrEqual' | 'LessOrEqual' | 'Equal';
export type OnnxBinary = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Max' | 'Min';
export type OnnxUnary = 'Neg' | 'Abs' | 'Relu' | 'Exp' | 'Log' | 'Sqrt' | 'Sin' | 'Cos' | 'Tanh' | 'Sigmoid';

/** What the ONNX emitter offers the rules: elementwise nodes, broadcasting like NumPy. */
export interface OnnxOps<V> {
  bin(op: OnnxBinary, a: V, b: V): V;
  un(op: OnnxUnary, a: V): V;
  scalar(value: number): V;
  /** 1.0 where the comparison holds, else 0.0. */
  mask(op: OnnxCompare, a: V, b: V): V;
  /** `l op r ? a : b`. */
  where(op: OnnxCompare, l: V, r: V, a: V, b: V): V;
}

/** Python precedence levels of the export, lowest binding first. */
export const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, atom: 5 } as const;

/** An operand of the PyTorch text: its text, precedence, and its value when it is a constant. */
export interface PyOperand {
  text: string;
  level: number;
  constant: number | null;
}
export type PyText = [text: string, level: number];

export interface UnaryRule {
  value<T, C>(A: Algebra<T, C>, a: T): T;
  /** g · d out / d a, given the operand `a` and the result `out`. */
  derivative<T, C>(A: Algebra<T, C>, g: T, a: T, out: T): T;
  onnx: {
    forward<V>(o: OnnxOps<V>, a: V): V;
    backward<V>(o: OnnxOps<V>, g: V, a: V, out: V): V;
  };
  torch(a: PyOperand): PyText;
}

export interface BinaryRule {
  value<T, C>(A: Algebra<T, C>, a: T, b: T): T;
  /** g · d out / d a. */
  da<T, C>(A: Algebra<T, C>, g: T, a: T, b: T, out: T): T;
  /** g · d out / d b. */
  db<T, C>(A: Algebra<T, C>, g: T, a: T, b: T, out: T): T;
  onnx: {
    /** `bConstant`: the exponent's value when b is a constant (pow writes small powers as products). */
    forward<V>(o: OnnxOps<V>, a: V, b: V, bConstant: number | null): V;
    backward<V>(o: OnnxOps<V>, g: V, a: V, b: V, out: V, need: [boolean, boolean], bConstant: number | null): [V | null, V | null];
  };
  torch(a: PyOperand, b: PyOperand): PyText;
}

const call =
  (fn: string) =>
  (a: PyOperand): PyText => [`${fn}(${a.text})`, PRECEDENCE.atom];

function infix(op: 'add' | 'sub' | 'mul' | 'div' | 'pow', a: PyOperand, b: PyOperand): PyText {
  const level = PRECEDENCE[op];
  const symbol = { add: ' + ', sub: ' - ', mul: '*', div: '/', pow: '**' }[op];
  const wrapLeft = op === 'pow' ? a.level <= level : a.level < level;
  const wrapRight = op === 'pow' ? b.level < PRECEDENCE.neg : op === 'add' || op === 'mul' ? b.level < level : b.level <= level;
  return [`${wrapLeft ? `(${a.text})` : a.text}${symbol}${wrapRight ? `(${b.text})` : b.text}`, level];
}

/** torch.maximum/minimum need tensors on both sides. */
const tensor = (a: PyOperand): string => (a.constant !== null ? `torch.tensor(${a.text})` : a.text);

function onnxBackwardSimple<V>(need: [boolean, boolean], da: () => V, db: () => V): [V | null, V | null] {
  return [need[0] ? da() : null, need[1] ? db() : null];
}

/** max/min value: NaN if either side is NaN, else the winner. */
function pick<T, C>(A: Algebra<T, C>, a: T, b: T, aWins: C): T {
  return A.select(A.or(A.ne(a, a), A.ne(b, b)), A.num(NaN), A.select(aWins, a, b));
}

/**
 * torch.maximum/minimum's backward: g/2 each at a tie, 0 to the loser, g to the winner, and g to
 * both where a NaN makes every comparison false.
 */
function share<T, C>(A: Algebra<T, C>, g: T, a: T, b: T, loses: C): T {
  return A.select(A.eq(a, b), A.mul(g, A.num(0.5)), A.select(loses, A.num(0), g));
}

function onnxShare<V>(o: OnnxOps<V>, g: V, a: V, b: V, loses: 'Greater' | 'Less'): V {
  // Selects, not a 0/1 weight times g: an infinite g times a zero weight would be NaN.
  const zero = o.scalar(0);
  return o.where(loses, a, b, zero, o.where('Equal', a, b, o.bin('Mul', g, o.scalar(0.5)), g));
}

function maxMin(op: 'max' | 'min'): BinaryRule {
  // For max, a loses where a < b; for min, where a > b (and b loses the other way round).
  const [aLoses, bLoses] = op === 'max' ? (['Less', 'Greater'] as const) : (['Greater', 'Less'] as const);
  const lt = <T, C>(A: Algebra<T, C>, l: T, r: T, kind: 'Less' | 'Greater'): C => (kind === 'Less' ? A.lt(l, r) : A.gt(l, r));
  return {
    value: (A, a, b) => pick(A, a, b, op === 'max' ? A.gt(a, b) : A.lt(a, b)),
    da: (A, g, a, b) => share(A, g, a, b, lt(A, a, b, aLoses)),
    db: (A, g, a, b) => share(A, g, a, b, lt(A, a, b, bLoses)),
    onnx: {
      forward: (o, a, b) => o.bin(op === 'max' ? 'Max' : 'Min', a, b),
      backward: (o, g, a, b, _out, need) =>
        onnxBackwardSimple(
          need,
          () => onnxShare(o, g, a, b, aLoses),
          () => onnxShare(o, g, a, b, bLoses),
        ),
    },
    torch: (a, b) => [`torch.${op === 'max' ? 'maximum' : 'minimum'}(${tensor(a)}, ${tensor(b)})`, PRECEDENCE.atom],
  };
}

/**
 * clamp(a, min=b) / clamp(a, max=b), as torch.clamp with a tensor bound: the value keeps the
 * gradient when inside the bound or on it; the bound gets it only where it is strictly active
 * (so under NaN neither gets it).
 */
function clamp(op: 'clampMin' | 'clampMax'): BinaryRule {
  const min = op === 'clampMin';
  return {
    value: (A, a, b) => pick(A, a, b, min ? A.gt(a, b) : A.lt(a, b)),
    da: (A, g, a, b) => A.select(min ? A.ge(a, b) : A.le(a, b), g, A.num(0)),
    db: (A, g, a, b) => A.select(min ? A.lt(a, b) : A.gt(a, b), g, A.num(0)),
    onnx: {
      forward: (o, a, b) => o.bin(min ? 'Max' : 'Min', a, b),
      backward: (o, g, a, b, _out, need) =>
        onnxBackwardSimple(
          need,
          () => o.where(min ? 'GreaterOrEqual' : 'LessOrEqual', a, b, g, o.scalar(0)),
          () => o.where(min ? 'Less' : 'Greater', a, b, g, o.scalar(0)),
        ),
    },
    torch: (a, b) => {
      if (min && b.constant !== null) return [`torch.clip(${a.text}, ${b.text})`, PRECEDENCE.atom];
      return [`torch.clip(${a.text}, ${min ? 'min' : 'max'}=${b.text})`, PRECEDENCE.atom];
    },
  };
}

/** A unary op that is one Math call with an ONNX node of its own. */
function mathUnary(
  fn: 'exp' | 'log' | 'sin' | 'cos' | 'tanh',
  node: OnnxUnary,
  derivative: UnaryRule['derivative'],
  onnxBackward: UnaryRule['onnx']['backward'],
): UnaryRule {
  return {
    value: (A, a) => A.call(fn, a),
    derivative,
    onnx: { forward: (o, a) => o.un(node, a), backward: onnxBackward },
    torch: call(`torch.${fn}`),
  };
}

export const UNARY_RULES: Record<UnaryOp, UnaryRule> = {
  neg: {
    value: (A, a) => A.neg(a),
    derivative: (A, g) => A.neg(g),
    onnx: { forward: (o, a) => o.un('Neg', a), backward: (o, g) => o.un('Neg', g) },
    torch: (a) => [`-${a.level <= PRECEDENCE.neg ? `(${a.text})` : a.text}`, PRECEDENCE.neg],
  },
  abs: {
    value: (A, a) => A.abs(a),
    // torch's abs backward is g · sgn(a), a product, not a select: |0|' = 0 for a finite g, but an
    // infinite g from above (sqrt(abs(a - b)) at a = b) gives inf · 0 = NaN there, as in torch.
    derivative: (A, g, a) => A.mul(g, A.select(A.gt(a, A.num(0)), A.num(1), A.select(A.lt(a, A.num(0)), A.num(-1), A.num(0)))),
    onnx: {
      forward: (o, a) => o.un('Abs', a),
      // sgn as two comparison masks (the WebGPU provider has no Sign).
      backward: (o, g, a) => o.bin('Mul', g, o.bin('Sub', o.mask('Greater', a, o.scalar(0)), o.mask('Less', a, o.scalar(0)))),
    },
    torch: call('torch.abs'),
  },
  relu: {
    // NaN stays NaN, as torch.relu does; its backward (threshold_backward) zeroes the gradient where
    // out <= 0, so relu'(0) = 0 and a NaN passes the gradient on.
    value: (A, a) => A.select(A.gt(a, A.num(0)), a, A.select(A.eq(a, a), A.num(0), a)),
    derivative: (A, g, _a, out) => A.select(A.le(out, A.num(0)), A.num(0), g),
    onnx: { forward: (o, a) => o.un('Relu', a), backward: (o, g, _a, out) => o.where('LessOrEqual', out, o.scalar(0), o.scalar(0), g) },
    torch: call('torch.relu'),
  },
  exp: mathUnary(
    'exp',
    'Exp',
    (A, g, _a, out) => A.mul(g, out),
    (o, g, _a, out) => o.bin('Mul', g, out),
  ),
  log: mathUnary(
    'log',
    'Log',
    (A, g, a) => A.div(g, a),
    (o, g, a) => o.bin('Div', g, a),
  ),
  sqrt: {
    value: (A, a) => A.sqrt(a),
    derivative: (A, g, _a, out) => A.div(g, A.mul(A.num(2), out)),
    onnx: { forward: (o, a) => o.un('Sqrt', a), backward: (o, g, _a, out) => o.bin('Div', g, o.bin('Mul', o.scalar(2), out)) },
    torch: call('torch.sqrt'),
  },
  sin: mathUnary(
    'sin',
    'Sin',
    (A, g, a) => A.mul(g, A.call('cos', a)),
    (o, g, a) => o.bin('Mul', g, o.un('Cos', a)),
  ),
  cos: mathUnary(
    'cos',
    'Cos',
    (A, g, a) => A.mul(A.neg(g), A.call('sin', a)),
    (o, g, a) => o.bin('Mul', o.un('Neg', g), o.un('Sin', a)),
  ),
  tanh: mathUnary(
    'tanh',
    'Tanh',
    (A, g, _a, out) => A.mul(g, A.sub(A.num(1), A.mul(out, out))),
    (o, g, _a, out) => o.bin('Mul', g, o.bin('Sub', o.scalar(1), o.bin('Mul', out, out))),
  ),
  sigmoid: {
    value: (A, a) => A.div(A.num(1), A.add(A.num(1), A.call('exp', A.neg(a)))),
    derivative: (A, g, _a, out) => A.mul(A.mul(g, out), A.sub(A.num(1), out)),
    onnx: {
      forward: (o, a) => o.un('Sigmoid', a),
      backward: (o, g, _a, out) => o.bin('Mul', o.bin('Mul', g, out), o.bin('Sub', o.scalar(1), out)),
    },
    torch: call('torch.sigmoid'),
  },
};

function arithmetic(
  op: 'add' | 'sub' | 'mul' | 'div',
  node: OnnxBinary,
  value: BinaryRule['value'],
  da: BinaryRule['da'],
  db: BinaryRule['db'],
  onnxDa: <V>(o: OnnxOps<V>, g: V, a: V, b: V) => V,
  onnxDb: <V>(o: OnnxOps<V>, g: V, a: V, b: V) => V,
): BinaryRule {
  return {
    value,
    da,
    db,
    onnx: {
      forward: (o, a, b) => o.bin(node, a, b),
      backward: (o, g, a, b, _out, need) =>
        onnxBackwardSimple(
          need,
          () => onnxDa(o, g, a, b),
          () => onnxDb(o, g, a, b),
        ),
    },
    torch: (a, b) => infix(op, a, b),
  };
}

function powOnnxBackward<V>(o: OnnxOps<V>, g: V, a: V, b: V, out: V, need: [boolean, boolean], k: number | null): [V | null, V | null] {
  const zero = o.scalar(0);
  const da = (): V => {
    if (k === 0) return o.bin('Mul', g, zero);
    const small = smallPower(k);
    if (small !== null) {
      // g · k · a^(k-1), with a^(k-1) as products
      const lower = small === 1 ? null : small === 2 ? a : o.bin('Mul', a, a);
      return o.bin('Mul', g, lower ? o.bin('Mul', o.scalar(small), lower) : o.scalar(1));
    }
    const general = o.bin('Mul', o.bin('Mul', g, b), o.bin('Pow', a, o.bin('Sub', b, o.scalar(1))));
    return o.where('Equal', b, zero, zero, general);
  };
  const db = (): V => {
    const baseZeroExpNonNeg = o.bin('Mul', o.mask('Equal', a, zero), o.mask('GreaterOrEqual', b, zero));
    return o.bin('Mul', g, o.where('Greater', baseZeroExpNonNeg, zero, zero, o.bin('Mul', out, o.un('Log', a))));
  };
  return onnxBackwardSimple(need, da, db);
}

/** a**k for k = 1, 2, 3 as products in ONNX (exact, and cheaper than Pow). */
const smallPower = (k: number | null): 1 | 2 | 3 | null => (k === 1 || k === 2 || k === 3 ? k : null);

export const BINARY_RULES: Record<BinaryOp, BinaryRule> = {
  add: arithmetic(
    'add',
    'Add',
    (A, a, b) => A.add(a, b),
    (_A, g) => g,
    (_A, g) => g,
    (_o, g) => g,
    (_o, g) => g,
  ),
  sub: arithmetic(
    'sub',
    'Sub',
    (A, a, b) => A.sub(a, b),
    (_A, g) => g,
    (A, g) => A.neg(g),
    (_o, g) => g,
    (o, g) => o.un('Neg', g),
  ),
  mul: arithmetic(
    'mul',
    'Mul',
    (A, a, b) => A.mul(a, b),
    (A, g, _a, b) => A.mul(g, b),
    (A, g, a) => A.mul(g, a),
    (o, g, _a, b) => o.bin('Mul', g, b),
    (o, g, a) => o.bin('Mul', g, a),
  ),
  div: arithmetic(
    'div',
    'Div',
    (A, a, b) => A.div(a, b),
    (A, g, _a, b) => A.div(g, b),
    (A, g, a, b) => A.div(A.mul(A.neg(g), a), A.mul(b, b)),
    (o, g, _a, b) => o.bin('Div', g, b),
    (o, g, a, b) => o.bin('Div', o.bin('Mul', o.un('Neg', g), a), o.bin('Mul', b, b)),
  ),
  pow: {
    // C's pow (and torch's): 1**y = 1 and (-1)**±inf = 1 for every y, where Math.pow gives NaN.
    value: (A, a, b) =>
      A.select(A.or(A.eq(a, A.num(1)), A.and(A.eq(a, A.num(-1)), A.eq(A.abs(b), A.num(Infinity)))), A.num(1), A.call('pow', a, b)),
    da: (A, g, a, b) => A.select(A.eq(b, A.num(0)), A.num(0), A.mul(A.mul(g, b), A.call('pow', a, A.sub(b, A.num(1))))),
    // torch multiplies g by the masked factor (so an infinite g at a zero base gives NaN).
    db: (A, g, a, b, out) => A.mul(g, A.select(A.and(A.eq(a, A.num(0)), A.ge(b, A.num(0))), A.num(0), A.mul(out, A.call('log', a)))),
    onnx: {
      forward: (o, a, b, k) => {
        const small = smallPower(k);
        if (small === 1) return a;
        if (small === 2) return o.bin('Mul', a, a);
        if (small === 3) return o.bin('Mul', o.bin('Mul', a, a), a);
        return o.bin('Pow', a, b);
      },
      backward: powOnnxBackward,
    },
    torch: (a, b) => infix('pow', a, b),
  },
  max: maxMin('max'),
  min: maxMin('min'),
  clampMin: clamp('clampMin'),
  clampMax: clamp('clampMax'),
};

/** Every op of the table, for the coverage test and for engines that list what they support. */
export const ALL_OPS: readonly (UnaryOp | BinaryOp)[] = [...UNARY_OPS, ...BINARY_OPS];
