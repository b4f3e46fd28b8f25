// Turns a parsed formula into a Program: resolves function names from Python/JavaScript
// spellings, finds the parameters (every free name but x, in order of first appearance),
// infers shapes, folds constants and shares repeated sub-expressions.
import { NUMBERS } from './algebra';
import { BINARY_RULES, UNARY_RULES } from './ops';
import { Ast, FormulaError, parseFormula, SyntaxFailure, failAt } from './parse';
import { BinaryOp, broadcastShape, hasUnits, Node, ParamSpec, Program, reachableNodes, sumUnitsShape, UnaryOp } from './program';

export interface CompileOptions {
  /** Names that are vector parameters, with their length (all the same length). */
  vectors?: Record<string, number>;
  /** 2: a function of x1 and x2 (then `x` alone is refused); default 1, a function of x. */
  inputs?: 1 | 2;
}

export type CompileResult = { ok: true; program: Program } | { ok: false; error: FormulaError };

const MODULE_PREFIXES = [
  'torch.nn.functional.',
  'torch.special.',
  'torch.',
  'F.',
  'numpy.',
  'np.',
  'jnp.',
  'Math.',
  'math.',
  'tf.math.',
  'tf.nn.',
  'tf.',
];

const UNARY_FUNCTIONS: Record<string, UnaryOp> = {
  sin: 'sin',
  cos: 'cos',
  tanh: 'tanh',
  exp: 'exp',
  log: 'log',
  sqrt: 'sqrt',
  abs: 'abs',
  absolute: 'abs',
  fabs: 'abs',
  relu: 'relu',
  sigmoid: 'sigmoid',
  expit: 'sigmoid',
};

const BINARY_FUNCTIONS: Record<string, BinaryOp> = {
  max: 'max',
  maximum: 'max',
  fmax: 'max',
  min: 'min',
  minimum: 'min',
  fmin: 'min',
  pow: 'pow',
  power: 'pow',
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, PI: Math.PI, E: Math.E };

function stripModule(name: string): string {
  for (const prefix of MODULE_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

class Builder {
  readonly nodes: Node[] = [];
  readonly params: ParamSpec[] = [];
  private readonly interned = new Map<string, number>();
  private units = 1;

  constructor(
    private readonly vectors: Record<string, number>,
    readonly inputs: 1 | 2 = 1,
  ) {}

  private add(node: Node): number {
    const key = JSON.stringify(node);
    const existing = this.interned.get(key);
    if (existing !== undefined) return existing;
    this.nodes.push(node);
    this.interned.set(key, this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  constant(value: number): number {
    return this.add({ op: 'const', value, shape: 'scalar' });
  }

  param(name: string): number {
    let index = this.params.findIndex((p) => p.name === name);
    if (index < 0) {
      const size = this.vectors[name] ?? 1;
      if (size > 1) this.units = size;
      const offset = this.params.reduce((sum, p) => sum + p.size, 0);
      this.params.push({ name, size, offset });
      index = this.params.length - 1;
    }
    return this.add({ op: 'param', param: index, shape: this.params[index].size > 1 ? 'units' : 'scalar' });
  }

  /** Input 1 (x or x1) or input 2 (x2). */
  x(input: 1 | 2 = 1): number {
    return this.add(input === 2 ? { op: 'x', shape: 'points', input: 2 } : { op: 'x', shape: 'points' });
  }

  unary(op: UnaryOp, a: number): number {
    const arg = this.nodes[a];
    if (arg.op === 'const') return this.constant(foldUnary(op, arg.value));
    return this.add({ op, a, shape: arg.shape });
  }

  binary(op: BinaryOp, a: number, b: number): number {
    const left = this.nodes[a];
    const right = this.nodes[b];
    if (left.op === 'const' && right.op === 'const') return this.constant(foldBinary(op, left.value, right.value));
    return this.add({ op, a, b, shape: broadcastShape(left.shape, right.shape) });
  }

  sumUnits(a: number): number {
    const shape = this.nodes[a].shape;
    if (!hasUnits(shape)) return a;
    return this.add({ op: 'sumUnits', a, shape: sumUnitsShape(shape) });
  }

  /** The finished program, keeping only the nodes the output needs (folding leaves dead constants). */
  program(output: number): Program {
    const live = reachableNodes(this.nodes, output);
    const renumber = new Map<number, number>();
    const nodes: Node[] = [];
    this.nodes.forEach((node, i) => {
      if (!live.has(i)) return;
      const copy = { ...node } as Node & { a?: number; b?: number };
      if (copy.a !== undefined) copy.a = renumber.get(copy.a)!;
      if (copy.b !== undefined) copy.b = renumber.get(copy.b)!;
      renumber.set(i, nodes.length);
      nodes.push(copy as Node);
    });
    const paramCount = this.params.reduce((sum, p) => sum + p.size, 0);
    return { nodes, output: renumber.get(output)!, params: this.params, units: this.units, paramCount };
  }
}

/** A unary op on a constant, by the op table's value rule (so relu(NaN) folds to NaN, as torch gives). */
export function foldUnary(op: UnaryOp, v: number): number {
  return UNARY_RULES[op].value(NUMBERS, v);
}

/** A binary op on two constants, by the op table's value rule. */
export function foldBinary(op: BinaryOp, a: number, b: number): number {
  return BINARY_RULES[op].value(NUMBERS, a, b);
}

const OPERATORS: Record<string, BinaryOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow' };

function arity(ast: Extract<Ast, { kind: 'call' }>, name: string, count: number): void {
  if (Object.keys(ast.keywords).length) failAt(ast.pos, `${name}() without keyword arguments`, `'${Object.keys(ast.keywords)[0]}='`);
  if (ast.args.length !== count) failAt(ast.pos, `${count} argument${count > 1 ? 's' : ''} for ${name}()`, `${ast.args.length}`);
}

function build(ast: Ast, builder: Builder): number {
  switch (ast.kind) {
    case 'number':
      return builder.constant(ast.value);
    case 'name': {
      const name = stripModule(ast.name);
      if (builder.inputs === 2) {
        if (name === 'x1' || name === 'x2') return builder.x(name === 'x2' ? 2 : 1);
        if (name === 'x') failAt(ast.pos, 'x1 or x2 (the data has two inputs)', "'x'");
      } else if (name === 'x') return builder.x();
      if (ast.name !== name || ast.name.includes('.')) {
        if (name in CONSTANTS || name === 'e') return builder.constant(name === 'e' ? Math.E : CONSTANTS[name]);
        failAt(ast.pos, 'x, a parameter name or a known constant', `'${ast.name}'`);
      }
      if (name === 'pi') return builder.constant(Math.PI);
      return builder.param(name);
    }
    case 'unary':
      return builder.unary('neg', build(ast.arg, builder));
    case 'binary':
      return builder.binary(OPERATORS[ast.op], build(ast.left, builder), build(ast.right, builder));
    case 'call':
      return buildCall(ast, builder);
  }
}

function buildCall(ast: Extract<Ast, { kind: 'call' }>, builder: Builder): number {
  const name = stripModule(ast.fn);
  if (name in UNARY_FUNCTIONS) {
    arity(ast, name, 1);
    return builder.unary(UNARY_FUNCTIONS[name], build(ast.args[0], builder));
  }
  if (name === 'square') {
    arity(ast, name, 1);
    return builder.binary('pow', build(ast.args[0], builder), builder.constant(2));
  }
  if (name in BINARY_FUNCTIONS) {
    arity(ast, name, 2);
    return builder.binary(BINARY_FUNCTIONS[name], build(ast.args[0], builder), build(ast.args[1], builder));
  }
  if (name === 'sum') {
    arity(ast, name, 1);
    return builder.sumUnits(build(ast.args[0], builder));
  }
  if (name === 'clip' || name === 'clamp') {
    const keywordNames = Object.keys(ast.keywords);
    for (const key of keywordNames) {
      if (!['min', 'max', 'a_min', 'a_max'].includes(key)) failAt(ast.keywordPositions[key], 'min= or max=', `'${key}='`);
    }
    if (ast.args.length < 1 || ast.args.length > 3) failAt(ast.pos, `1 to 3 arguments for ${name}()`, `${ast.args.length}`);
    const lower = ast.args[1] ?? ast.keywords.min ?? ast.keywords.a_min;
    const upper = ast.args[2] ?? ast.keywords.max ?? ast.keywords.a_max;
    if (!lower && !upper) failAt(ast.pos, `a lower or upper bound for ${name}()`, 'none');
    let value = build(ast.args[0], builder);
    if (lower) value = builder.binary('clampMin', value, build(lower, builder));
    if (upper) value = builder.binary('clampMax', value, build(upper, builder));
    return value;
  }
  return failAt(ast.pos, 'a known function (sin, cos, tanh, exp, log, sqrt, abs, relu, sigmoid, max, min, clip, pow, sum)', `'${ast.fn}'`);
}

export function compileFormula(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseFormula(text);
  if (!parsed.ok) return parsed;
  const vectors = options.vectors ?? {};
  const sizes = new Set(Object.values(vectors).filter((n) => n > 1));
  if (sizes.size > 1) throw new Error('All vector parameters must have the same length');
  try {
    const builder = new Builder(vectors, options.inputs ?? 1);
    const output = build(parsed.ast, builder);
    const outputShape = builder.nodes[output].shape;
    if (hasUnits(outputShape)) {
      const names = builder.params
        .filter((p) => p.size > 1)
        .map((p) => p.name)
        .join(', ');
      failAt(0, `sum(...) around the terms with the vector parameters (${names})`, 'a result with one value per unit');
    }
    const program = builder.program(output);
    return { ok: true, program: builder.inputs === 2 ? { ...program, inputs: 2 } : program };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    throw error;
  }
}
