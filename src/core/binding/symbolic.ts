// Evaluates source expressions symbolically into a formula of src/core/formula: parameters stay
// names, calls of model functions defined in the file are inlined (`double_relu` calling
// `rectified_linear`), `partial(f, 1, 1)`, lambdas, arrow functions and closures become function
// values, local definitions (`y = m*x+b`) are substituted. Anything else makes the result null:
// the scanner then does not offer that place.
import type { Expr } from './expr';
import type { Definition } from './source';
import { decimalValue } from './tokens';

export type Formula =
  | { t: 'num'; v: number }
  | { t: 'name'; n: string }
  | { t: 'neg'; a: Formula }
  | { t: 'bin'; op: '+' | '-' | '*' | '/' | '**'; l: Formula; r: Formula }
  | { t: 'call'; fn: string; args: Formula[]; kw: Array<[string, Formula]> };

export type Value = { t: 'expr'; f: Formula } | { t: 'fn'; params: string[]; apply: (args: Value[]) => Value | null };

export type Env = ReadonlyMap<string, Value>;

/** Finds the model function a name refers to at a place in the source, if any. */
export type Lookup = (name: string) => Definition | undefined;

const MAX_DEPTH = 24;
/** Tensor methods that are the same functions the formula language knows: `y.clamp(min=0)`. */
const METHODS = new Set(['clamp', 'clip', 'abs', 'relu', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'pow', 'square']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '**']);

export const expr = (f: Formula): Value => ({ t: 'expr', f });
export const nameValue = (n: string): Value => expr({ t: 'name', n });

export class Evaluator {
  constructor(private readonly lookup: Lookup) {}

  /** A defined function as a value: applying it evaluates its body with the arguments bound. */
  functionOf(def: Definition, depth = 0): Value {
    return {
      t: 'fn',
      params: def.params,
      apply: (args) => {
        if (args.length !== def.params.length || depth > MAX_DEPTH) return null;
        const env = new Map(def.params.map((p, i) => [p, args[i]] as const));
        return this.evaluate(def.body, env, depth + 1);
      },
    };
  }

  evaluate(e: Expr, env: Env, depth = 0): Value | null {
    if (depth > MAX_DEPTH) return null;
    switch (e.k) {
      case 'num': {
        const v = decimalValue(e.text);
        return v === null ? null : expr({ t: 'num', v });
      }
      case 'name': {
        const bound = env.get(e.name);
        if (bound) return bound;
        const def = this.lookup(e.name);
        return def ? this.functionOf(def, depth) : nameValue(e.name);
      }
      case 'unary': {
        const arg = this.evaluate(e.arg, env, depth);
        if (!arg || arg.t !== 'expr') return null;
        if (e.op === '+') return arg;
        return e.op === '-' ? expr(arg.f.t === 'num' ? { t: 'num', v: -arg.f.v } : { t: 'neg', a: arg.f }) : null;
      }
      case 'bin': {
        if (!ARITHMETIC.has(e.op)) return null;
        const l = this.evaluate(e.left, env, depth);
        const r = this.evaluate(e.right, env, depth);
        if (l?.t !== 'expr' || r?.t !== 'expr') return null;
        return expr({ t: 'bin', op: e.op as '+', l: l.f, r: r.f });
      }
      case 'lambda':
        return {
          t: 'fn',
          params: e.params,
          apply: (args) => {
            if (args.length !== e.params.length) return null;
            const inner = new Map(env);
            e.params.forEach((p, i) => inner.set(p, args[i]));
            return this.evaluate(e.body, inner, depth + 1);
          },
        };
      case 'let': {
        const inner = new Map(env);
        for (const local of e.locals) {
          const value = this.evaluate(local.value, inner, depth + 1);
          if (value) inner.set(local.name, value);
          else inner.delete(local.name);
        }
        return this.evaluate(e.body, inner, depth + 1);
      }
      case 'call':
        return this.call(e, env, depth);
      default:
        return null;
    }
  }

  private call(e: Extract<Expr, { k: 'call' }>, env: Env, depth: number): Value | null {
    if (e.args.some((a) => a.star)) return null;
    const fnName = e.fn.k === 'name' ? e.fn.name : null;
    if (fnName === 'partial' || fnName === 'functools.partial') {
      const [target, ...rest] = e.args;
      if (!target || target.name) return null;
      const fn = this.evaluate(target.value, env, depth);
      if (fn?.t !== 'fn') return null;
      const bound = this.arguments(rest, fn.params, env, depth, true);
      if (!bound) return null;
      const free = fn.params.filter((_, i) => bound[i] === undefined);
      return {
        t: 'fn',
        params: free,
        apply: (args) => {
          if (args.length !== free.length) return null;
          let next = 0;
          return fn.apply(bound.map((v) => v ?? args[next++]));
        },
      };
    }
    if (e.fn.k === 'attr') {
      const obj = this.evaluate(e.fn.obj, env, depth);
      if (obj?.t !== 'expr' || !METHODS.has(e.fn.name)) return null;
      const rest = this.formulaArgs(e.args, env, depth);
      return rest ? expr({ t: 'call', fn: e.fn.name, args: [obj.f, ...rest.args], kw: rest.kw }) : null;
    }
    const callee = fnName !== null && !env.has(fnName) && !this.lookup(fnName) ? null : this.evaluate(e.fn, env, depth);
    if (callee?.t === 'fn') {
      const args = this.arguments(e.args, callee.params, env, depth, false);
      if (!args || args.some((a) => a === undefined)) return null;
      return callee.apply(args as Value[]);
    }
    if (fnName === null || callee) return null;
    const rest = this.formulaArgs(e.args, env, depth);
    return rest ? expr({ t: 'call', fn: fnName, args: rest.args, kw: rest.kw }) : null;
  }

  /** Arguments matched to parameters by position then keyword; `partialOk` leaves missing ones undefined. */
  private arguments(
    args: Extract<Expr, { k: 'call' }>['args'],
    params: string[],
    env: Env,
    depth: number,
    partialOk: boolean,
  ): Array<Value | undefined> | null {
    const out: Array<Value | undefined> = params.map(() => undefined);
    let position = 0;
    for (const arg of args) {
      const value = this.evaluate(arg.value, env, depth);
      if (!value) return null;
      const index = arg.name === undefined ? position++ : params.indexOf(arg.name);
      if (index < 0 || index >= params.length || out[index] !== undefined) return null;
      out[index] = value;
    }
    if (!partialOk && out.some((v) => v === undefined)) return null;
    return out;
  }

  private formulaArgs(
    args: Extract<Expr, { k: 'call' }>['args'],
    env: Env,
    depth: number,
  ): { args: Formula[]; kw: Array<[string, Formula]> } | null {
    const out: Formula[] = [];
    const kw: Array<[string, Formula]> = [];
    for (const arg of args) {
      const value = this.evaluate(arg.value, env, depth);
      if (value?.t !== 'expr') return null;
      if (arg.name === undefined) out.push(value.f);
      else kw.push([arg.name, value.f]);
    }
    return { args: out, kw };
  }
}

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '**': 4, atom: 5 } as const;

function precedence(f: Formula): number {
  if (f.t === 'bin') return PREC[f.op];
  if (f.t === 'neg') return PREC.neg;
  if (f.t === 'num' && f.v < 0) return PREC.neg;
  return PREC.atom;
}

function numberText(v: number): string {
  return String(v);
}

/** The formula as text the formula parser reads back to the same tree, with no needless parentheses. */
export function printFormula(f: Formula): string {
  const wrap = (g: Formula, parens: boolean) => (parens ? `(${printFormula(g)})` : printFormula(g));
  switch (f.t) {
    case 'num':
      return numberText(f.v);
    case 'name':
      return f.n;
    case 'neg':
      return `-${wrap(f.a, precedence(f.a) < PREC.neg)}`;
    case 'call':
      return `${f.fn}(${[...f.args.map(printFormula), ...f.kw.map(([k, v]) => `${k}=${printFormula(v)}`)].join(', ')})`;
    case 'bin': {
      const p = PREC[f.op];
      const left = f.op === '**' ? precedence(f.l) <= p : precedence(f.l) < p;
      const right = f.op === '**' ? precedence(f.r) < PREC.neg : f.op === '-' || f.op === '/' ? precedence(f.r) <= p : precedence(f.r) < p;
      const op = f.op === '**' ? '**' : f.op === '*' || f.op === '/' ? f.op : ` ${f.op} `;
      return `${wrap(f.l, left)}${op}${wrap(f.r, right)}`;
    }
  }
}

/** The free names of a formula that are not called, in order of first appearance. */
export function freeNames(f: Formula, out: string[] = []): string[] {
  if (f.t === 'name' && !out.includes(f.n)) out.push(f.n);
  else if (f.t === 'neg') freeNames(f.a, out);
  else if (f.t === 'bin') {
    freeNames(f.l, out);
    freeNames(f.r, out);
  } else if (f.t === 'call') {
    f.args.forEach((a) => freeNames(a, out));
    f.kw.forEach(([, v]) => freeNames(v, out));
  }
  return out;
}
