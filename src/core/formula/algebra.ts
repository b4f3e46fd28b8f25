// The small vocabulary the op table (ops.ts) writes every value and derivative in: arithmetic,
// the Math functions, comparisons and a select. Each engine supplies one implementation: plain
// numbers here (constant folding, the point-by-point evaluator, the tape), JavaScript source text
// (eval/codegen.ts) and WebAssembly instructions (eval/wasm/). So an op's meaning is written once.
//
// `select(cond, t, f)` may evaluate both branches (WebAssembly's select does): rules must not rely
// on a branch being skipped, only on its result being discarded.

/** Math functions with no single WebAssembly instruction; the WASM kernel imports them from JS. */
export const MATH_FUNCTIONS = ['exp', 'log', 'sin', 'cos', 'tanh', 'pow'] as const;
export type MathFunction = (typeof MATH_FUNCTIONS)[number];

export interface Algebra<T, C> {
  num(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  sqrt(a: T): T;
  /** exp, log, sin, cos, tanh take one argument; pow takes two. */
  call(fn: MathFunction, a: T, b?: T): T;
  gt(a: T, b: T): C;
  lt(a: T, b: T): C;
  ge(a: T, b: T): C;
  le(a: T, b: T): C;
  eq(a: T, b: T): C;
  ne(a: T, b: T): C;
  and(p: C, q: C): C;
  or(p: C, q: C): C;
  select(cond: C, ifTrue: T, ifFalse: T): T;
}

function callMath(fn: MathFunction, a: number, b = NaN): number {
  switch (fn) {
    case 'exp':
      return Math.exp(a);
    case 'log':
      return Math.log(a);
    case 'sin':
      return Math.sin(a);
    case 'cos':
      return Math.cos(a);
    case 'tanh':
      return Math.tanh(a);
    case 'pow':
      return Math.pow(a, b);
  }
}

/** The table's rules on plain float64 numbers: the reference meaning of every op. */
export const NUMBERS: Algebra<number, boolean> = {
  num: (v) => v,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: Math.abs,
  sqrt: Math.sqrt,
  call: callMath,
  gt: (a, b) => a > b,
  lt: (a, b) => a < b,
  ge: (a, b) => a >= b,
  le: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  and: (p, q) => p && q,
  or: (p, q) => p || q,
  select: (cond, t, f) => (cond ? t : f),
};
