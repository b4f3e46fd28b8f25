// Turns a parsed formula into a Program: resolves function names from Python/JavaScript
// spellings, finds the parameters (every free name but x, in order of first appearance),
// infers shapes, folds constants and shares repeated sub-expressions.
// Every name lookup goes through a Map (never a plain object's `in` or `[]`), so names such as
// `constructor`, `__proto__` or `toString` are ordinary names, not Object.prototype's members.
import { LIMITS } from '../limits';
import { ok, Result } from '../result';
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

export type CompileResult = Result<Program, FormulaError>;

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

const UNARY_FUNCTIONS = new Map<string, UnaryOp>(
  Object.entries({
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
  }) as [string, UnaryOp][],
);

const BINARY_FUNCTIONS = new Map<string, BinaryOp>(
  Object.entries({
    max: 'max',
    maximum: 'max',
    fmax: 'max',
    min: 'min',
    minimum: 'min',
    fmin: 'min',
    pow: 'pow',
    power: 'pow',
  }) as [string, BinaryOp][],
);

/** Constants by name; only `pi` is also a constant without a module prefix (`e`, `E` would be parameters). */
const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['PI', Math.PI],
  ['E', Math.E],
  ['e', Math.E],
]);

function stripModule(name: string): string {
  for (const prefix of MODULE_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

class Builder {
  readonly nodes: Node[] = [];
  readonly params: ParamSpec[] = [];
  private readonly interned = new Map<string, number>();
  private readonly paramIndex = new Map<string, number>();
  private paramTotal = 0;
  private units = 1;

  constructor(
    private readonly vectors: ReadonlyMap<string, number>,
    readonly inputs: 1 | 2 = 1,
  ) {}

  private add(node: Node): number {
    const key = nodeKey(node);
    const existing = this.interned.get(key);
    if (existing !== undefined) return existing;
    this.nodes.push(node);
    this.interned.set(key, this.nodes.length - 1);
    return this.nodes.length - 1;
  }

  constant(value: number): number {
    return this.add({ op: 'const', value, shape: 'scalar' });
  }

  param(name: string, pos: number): number {
    let index = this.paramIndex.get(name);
    if (index === undefined) {
      const size = this.vectors.get(name) ?? 1;
      if (this.paramTotal + size > LIMITS.params)
        failAt(pos, `at most ${LIMITS.params} parameter values`, `'${name}', value number ${this.paramTotal + size}`);
      if (size > 1) this.units = size;
      this.params.push({ name, size, offset: this.paramTotal });
      this.paramTotal += size;
      index = this.params.length - 1;
      this.paramIndex.set(name, index);
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
    return { nodes, output: renumber.get(output)!, params: this.params, units: this.units, paramCount: this.paramTotal };
  }
}

/**
 * A key equal for two nodes exactly when they compute the same thing: every field, with numbers
 * compared as Object.is does (-0 is not 0, every NaN is NaN, ±Infinity are themselves), which
 * plain JSON.stringify does not (it writes -0, NaN and ±Infinity as 0, null, null).
 */
function nodeKey(node: Node): string {
  return JSON.stringify(node, (_key, value: unknown) =>
    typeof value === 'number' ? `#${Object.is(value, -0) ? '-0' : String(value)}` : value,
  );
}

/** A unary op on a constant, by the op table's value rule (so relu(NaN) folds to NaN, as torch gives). */
export function foldUnary(op: UnaryOp, v: number): number {
  return UNARY_RULES[op].value(NUMBERS, v);
}

/** A binary op on two constants, by the op table's value rule. */
export function foldBinary(op: BinaryOp, a: number, b: number): number {
  return BINARY_RULES[op].value(NUMBERS, a, b);
}

const OPERATORS = new Map<string, BinaryOp>([
  ['+', 'add'],
  ['-', 'sub'],
  ['*', 'mul'],
  ['/', 'div'],
  ['**', 'pow'],
]);

type Call = Extract<Ast, { kind: 'call' }>;

function arity(ast: Call, name: string, count: number): void {
  const keyword = ast.keywords[0];
  if (keyword) failAt(keyword.pos, `${name}() without keyword arguments`, `'${keyword.name}='`);
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
        const constant = CONSTANTS.get(name);
        if (constant !== undefined) return builder.constant(constant);
        failAt(ast.pos, 'x, a parameter name or a known constant', `'${ast.name}'`);
      }
      if (name === 'pi') return builder.constant(Math.PI);
      return builder.param(name, ast.pos);
    }
    case 'unary':
      return builder.unary('neg', build(ast.arg, builder));
    case 'binary':
      return builder.binary(OPERATORS.get(ast.op)!, build(ast.left, builder), build(ast.right, builder));
    case 'call':
      return buildCall(ast, builder);
  }
}

/** clip's bounds: by position or keyword (min/a_min, max/a_max), each given once. */
function clipBounds(ast: Call, name: string): { lower?: Ast; upper?: Ast } {
  const bounds: { lower?: Ast; upper?: Ast } = {};
  const given = new Map<'lower' | 'upper', string>();
  if (ast.args.length < 1 || ast.args.length > 3) failAt(ast.pos, `1 to 3 arguments for ${name}()`, `${ast.args.length}`);
  if (ast.args[1]) {
    bounds.lower = ast.args[1];
    given.set('lower', 'the second argument');
  }
  if (ast.args[2]) {
    bounds.upper = ast.args[2];
    given.set('upper', 'the third argument');
  }
  for (const keyword of ast.keywords) {
    const side = CLIP_KEYWORDS.get(keyword.name);
    if (!side) failAt(keyword.pos, `min= or max= in ${name}()`, `'${keyword.name}='`);
    const earlier = given.get(side);
    if (earlier)
      failAt(
        keyword.pos,
        `the ${side === 'lower' ? 'lower' : 'upper'} bound of ${name}() once (${earlier} is already it)`,
        `'${keyword.name}='`,
      );
    given.set(side, `${keyword.name}=`);
    bounds[side] = keyword.value;
  }
  if (!bounds.lower && !bounds.upper) failAt(ast.pos, `a lower or upper bound for ${name}()`, 'none');
  return bounds;
}

const CLIP_KEYWORDS = new Map<string, 'lower' | 'upper'>([
  ['min', 'lower'],
  ['a_min', 'lower'],
  ['max', 'upper'],
  ['a_max', 'upper'],
]);

function buildCall(ast: Call, builder: Builder): number {
  const name = stripModule(ast.fn);
  const unary = UNARY_FUNCTIONS.get(name);
  if (unary) {
    arity(ast, name, 1);
    return builder.unary(unary, build(ast.args[0], builder));
  }
  if (name === 'square') {
    arity(ast, name, 1);
    return builder.binary('pow', build(ast.args[0], builder), builder.constant(2));
  }
  const binary = BINARY_FUNCTIONS.get(name);
  if (binary) {
    arity(ast, name, 2);
    return builder.binary(binary, build(ast.args[0], builder), build(ast.args[1], builder));
  }
  if (name === 'sum') {
    arity(ast, name, 1);
    return builder.sumUnits(build(ast.args[0], builder));
  }
  if (name === 'clip' || name === 'clamp') {
    const { lower, upper } = clipBounds(ast, name);
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
  const vectors = new Map(Object.entries(options.vectors ?? {}));
  const sizes = new Set([...vectors.values()].filter((n) => n > 1));
  if (sizes.size > 1) {
    const message = `All vector parameters must have the same length, got ${[...sizes].join(' and ')}`;
    return { ok: false, error: { message, position: 0, expected: 'vector parameters of one length' } };
  }
  try {
    const builder = new Builder(vectors, options.inputs ?? 1);
    const output = build(parsed.value, builder);
    const outputShape = builder.nodes[output].shape;
    if (hasUnits(outputShape)) {
      const names = builder.params
        .filter((p) => p.size > 1)
        .map((p) => p.name)
        .join(', ');
      failAt(0, `sum(...) around the terms with the vector parameters (${names})`, 'a result with one value per unit');
    }
    const program = builder.program(output);
    return ok(builder.inputs === 2 ? { ...program, inputs: 2 } : program);
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    throw error;
  }
}
