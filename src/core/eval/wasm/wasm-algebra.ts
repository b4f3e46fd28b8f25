// The op table's vocabulary (formula/algebra.ts) as WebAssembly instructions, for the kernel:
// a value is an instruction sequence that pushes it (a local.get, a load, a computation),
// a condition one that pushes an i32; exp, log, sin, cos, tanh and pow call the imports of
// JavaScript's Math, in MATH_FUNCTIONS order. After them come the same one-argument functions over
// a run of f64 slots (`tanhUnits(from, to, count)`, byte offsets): a grid node whose value is one
// such call computes all its units in one call into JavaScript instead of one call per unit.
import type { Algebra, MathFunction } from '../../formula/algebra';
import { MATH_FUNCTIONS } from '../../formula/algebra';
import { UNARY_RULES } from '../../formula/ops';
import type { UnaryOp } from '../../formula/program';
import { Bytes, f64Const, localGet, OP, unsigned } from './encode';

/** The one-argument Math functions, which also come as a call over a run of slots. */
export const RUN_FUNCTIONS = MATH_FUNCTIONS.filter((fn): fn is Exclude<MathFunction, 'pow'> => fn !== 'pow');
export type RunFunction = (typeof RUN_FUNCTIONS)[number];
export const runImportName = (fn: RunFunction): string => `${fn}Units`;
/** Function index of `fn` over a run: after the Math imports. */
export const runImportIndex = (fn: RunFunction): number => MATH_FUNCTIONS.length + RUN_FUNCTIONS.indexOf(fn);
/** Every import of the kernel: the Math functions, then the same over runs. */
export const IMPORT_COUNT = MATH_FUNCTIONS.length + RUN_FUNCTIONS.length;

const importIndex = (fn: MathFunction): number => MATH_FUNCTIONS.indexOf(fn);

/** The op table's rules as WebAssembly instructions; operands are instruction sequences (local.get). */
export const WASM: Algebra<Bytes, Bytes> = {
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

/** The Math function whose one call on the operand is op's whole value (tanh, exp, …, by the op table's rule), or null. */
export function singleCallOf(op: UnaryOp): RunFunction | null {
  const probe = localGet(0);
  const bytes = UNARY_RULES[op].value(WASM, probe);
  for (const fn of RUN_FUNCTIONS) {
    const call = WASM.call(fn, probe);
    if (call.length === bytes.length && call.every((b, k) => b === bytes[k])) return fn;
  }
  return null;
}
