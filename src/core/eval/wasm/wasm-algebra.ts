// The op table's vocabulary (formula/algebra.ts) as WebAssembly instructions, for the kernel:
// a value is an instruction sequence that pushes it (a local.get, a load, a computation),
// a condition one that pushes an i32; exp, log, sin, cos, tanh and pow call the imports of
// JavaScript's Math, in MATH_FUNCTIONS order.
import type { Algebra, MathFunction } from '../../formula/algebra';
import { MATH_FUNCTIONS } from '../../formula/algebra';
import { Bytes, f64Const, OP, unsigned } from './encode';

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
