// The tape's instructions: whole-array loops over Float64Arrays, one per Algebra operation, so an
// op's rule from the table (formula/ops.ts) runs as a few tight typed-array passes instead of a
// chain of calls per element. `recordRule` turns a rule into instructions once, when the tape is
// planned (temporaries come from a pool and are reused rule after rule); `runInstructions` is the
// one loop that executes them at every evaluation, with no closures and no allocation.
import type { Algebra, MathFunction } from '../formula/algebra';

/** An operand: an array read at k * stride (stride 0 broadcasts its first value). */
export interface Operand {
  values: Float64Array;
  stride: 0 | 1;
}

export const enum Code {
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  Abs,
  Sqrt,
  Exp,
  Log,
  Sin,
  Cos,
  Tanh,
  Pow,
  Gt,
  Lt,
  Ge,
  Le,
  Eq,
  Ne,
  And,
  Or,
  Select,
  /** out[k] += a[k]. */
  AddInto,
  /** out[k] = a[k]. */
  Copy,
  /** out[0] += Σ a[k]. */
  SumInto,
  /** out[k] = 0. */
  Zero,
  /** out[r] = Σ_j a[r·units + j] (sum over units, point-major grid). */
  SumUnits,
  /** out[r·units + j] += a[r] (the adjoint of SumUnits). */
  SpreadUnits,
  /** out[r·units + j] = a[r] (a points operand expanded to the grid). */
  ExpandPoints,
  /** out[r·units + j] = a[j] (a units operand expanded to the grid). */
  ExpandUnits,
  /** out[r] += Σ_j a[r·units + j] (a grid contribution into a points adjoint). */
  ReduceToPoints,
  /** out[j] += Σ_r a[r·units + j] (a grid contribution into a units adjoint). */
  ReduceToUnits,
}

export interface Instruction {
  code: Code;
  out: Float64Array;
  a: Float64Array;
  sa: number;
  b: Float64Array;
  sb: number;
  /** The condition of a Select. */
  c: Float64Array;
  /** Elements written (or, for SumUnits/Spread/Expand/Reduce, rows). */
  length: number;
  units: number;
}

const NONE = new Float64Array(1);

export function instruction(
  code: Code,
  out: Float64Array,
  length: number,
  a: Operand = { values: NONE, stride: 0 },
  b: Operand = { values: NONE, stride: 0 },
  c: Float64Array = NONE,
  units = 1,
): Instruction {
  return { code, out, a: a.values, sa: a.stride, b: b.values, sb: b.stride, c, length, units };
}

/** Scratch arrays of one length, handed out while a rule is recorded and returned after it. */
export class TempPool {
  private readonly free = new Map<number, Float64Array[]>();
  private readonly lent: Float64Array[] = [];

  take(length: number): Float64Array {
    const array = this.free.get(length)?.pop() ?? new Float64Array(length);
    this.lent.push(array);
    return array;
  }

  /** Every array lent since the last release may be reused by the next rule. */
  releaseAll(): void {
    for (const array of this.lent) {
      const list = this.free.get(array.length) ?? [];
      list.push(array);
      this.free.set(array.length, list);
    }
    this.lent.length = 0;
  }
}

const MATH_CODES: Record<MathFunction, Code> = {
  exp: Code.Exp,
  log: Code.Log,
  sin: Code.Sin,
  cos: Code.Cos,
  tanh: Code.Tanh,
  pow: Code.Pow,
};

/**
 * The Algebra whose values are operands of `length` elements: each operation appends one
 * instruction writing a pooled temporary. Conditions are arrays of 1 (true) and 0 (false).
 */
export function recordingAlgebra(program: Instruction[], pool: TempPool, length: number): Algebra<Operand, Operand> {
  const emit = (code: Code, a: Operand, b?: Operand, c?: Operand): Operand => {
    const out = pool.take(length);
    program.push(instruction(code, out, length, a, b, c?.values));
    return { values: out, stride: 1 };
  };
  const constant = (value: number): Operand => ({ values: Float64Array.of(value), stride: 0 });
  return {
    num: constant,
    add: (a, b) => emit(Code.Add, a, b),
    sub: (a, b) => emit(Code.Sub, a, b),
    mul: (a, b) => emit(Code.Mul, a, b),
    div: (a, b) => emit(Code.Div, a, b),
    neg: (a) => emit(Code.Neg, a),
    abs: (a) => emit(Code.Abs, a),
    sqrt: (a) => emit(Code.Sqrt, a),
    call: (fn, a, b) => emit(MATH_CODES[fn], a, b),
    gt: (a, b) => emit(Code.Gt, a, b),
    lt: (a, b) => emit(Code.Lt, a, b),
    ge: (a, b) => emit(Code.Ge, a, b),
    le: (a, b) => emit(Code.Le, a, b),
    eq: (a, b) => emit(Code.Eq, a, b),
    ne: (a, b) => emit(Code.Ne, a, b),
    and: (p, q) => emit(Code.And, p, q),
    or: (p, q) => emit(Code.Or, p, q),
    select: (cond, t, f) => emit(Code.Select, t, f, cond),
  };
}

/** Runs one instruction (the switch is the tape's whole inner loop). */
function run(ins: Instruction): void {
  const { out, a, sa, b, sb, c, length: n, units } = ins;
  switch (ins.code) {
    case Code.Add:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] + b[k * sb];
      return;
    case Code.Sub:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] - b[k * sb];
      return;
    case Code.Mul:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] * b[k * sb];
      return;
    case Code.Div:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] / b[k * sb];
      return;
    case Code.Neg:
      for (let k = 0; k < n; k++) out[k] = -a[k * sa];
      return;
    case Code.Abs:
      for (let k = 0; k < n; k++) out[k] = Math.abs(a[k * sa]);
      return;
    case Code.Sqrt:
      for (let k = 0; k < n; k++) out[k] = Math.sqrt(a[k * sa]);
      return;
    case Code.Exp:
      for (let k = 0; k < n; k++) out[k] = Math.exp(a[k * sa]);
      return;
    case Code.Log:
      for (let k = 0; k < n; k++) out[k] = Math.log(a[k * sa]);
      return;
    case Code.Sin:
      for (let k = 0; k < n; k++) out[k] = Math.sin(a[k * sa]);
      return;
    case Code.Cos:
      for (let k = 0; k < n; k++) out[k] = Math.cos(a[k * sa]);
      return;
    case Code.Tanh:
      for (let k = 0; k < n; k++) out[k] = Math.tanh(a[k * sa]);
      return;
    case Code.Pow:
      for (let k = 0; k < n; k++) out[k] = Math.pow(a[k * sa], b[k * sb]);
      return;
    case Code.Gt:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] > b[k * sb] ? 1 : 0;
      return;
    case Code.Lt:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] < b[k * sb] ? 1 : 0;
      return;
    case Code.Ge:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] >= b[k * sb] ? 1 : 0;
      return;
    case Code.Le:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] <= b[k * sb] ? 1 : 0;
      return;
    case Code.Eq:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] === b[k * sb] ? 1 : 0;
      return;
    case Code.Ne:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] !== b[k * sb] ? 1 : 0;
      return;
    case Code.And:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] !== 0 && b[k * sb] !== 0 ? 1 : 0;
      return;
    case Code.Or:
      for (let k = 0; k < n; k++) out[k] = a[k * sa] !== 0 || b[k * sb] !== 0 ? 1 : 0;
      return;
    case Code.Select: {
      const sc = c.length === 1 ? 0 : 1;
      for (let k = 0; k < n; k++) out[k] = c[k * sc] !== 0 ? a[k * sa] : b[k * sb];
      return;
    }
    case Code.AddInto:
      for (let k = 0; k < n; k++) out[k] += a[k * sa];
      return;
    case Code.Copy:
      for (let k = 0; k < n; k++) out[k] = a[k * sa];
      return;
    case Code.SumInto: {
      let total = 0;
      for (let k = 0; k < n; k++) total += a[k];
      out[0] += total;
      return;
    }
    case Code.Zero:
      out.fill(0, 0, n);
      return;
    case Code.SumUnits:
      for (let r = 0; r < n; r++) {
        let total = 0;
        for (let j = 0; j < units; j++) total += a[r * units + j];
        out[r] = total;
      }
      return;
    case Code.SpreadUnits:
      for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) out[r * units + j] += a[r];
      return;
    case Code.ExpandPoints:
      for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) out[r * units + j] = a[r];
      return;
    case Code.ExpandUnits:
      for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) out[r * units + j] = a[j];
      return;
    case Code.ReduceToPoints:
      for (let r = 0; r < n; r++) {
        let total = 0;
        for (let j = 0; j < units; j++) total += a[r * units + j];
        out[r] += total;
      }
      return;
    case Code.ReduceToUnits:
      for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) out[j] += a[r * units + j];
      return;
  }
}

export function runInstructions(program: readonly Instruction[]): void {
  for (let i = 0; i < program.length; i++) run(program[i]);
}
