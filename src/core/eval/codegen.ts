// Compiles a Program into one JavaScript function that runs the forward pass, the loss and the
// backward pass for each data point in a single loop, with every value in a local variable;
// each op is written from the op table's rules (formula/ops.ts) in JavaScript source.
// For the lesson's small problems this is several times faster than the node-by-node tape,
// which spends its time on loop and call overhead rather than arithmetic.
//
// It needs `new Function`, which a webview's strict CSP (no 'unsafe-eval') forbids: there the
// tape evaluator runs instead. Only programs without vector parameters are compiled; the
// WebAssembly kernel and the fused sum-of-ReLUs kernel cover the vector case.
import type { ModelEvaluator } from './evaluator';
import type { LossName } from './loss';
import type { Algebra } from '../formula/algebra';
import { BINARY_RULES, UNARY_RULES } from '../formula/ops';
import { BinaryOp, hasUnits, isBinary, isUnary, paramDependence, Program, UnaryOp } from '../formula/program';

type Kernel = (
  params: Float64Array,
  y: Float64Array,
  lossKind: number,
  grad: Float64Array | null,
  pred: Float64Array | null,
  statics: Float64Array[],
) => number;

/** A number as JavaScript source that parses back to the same float64 (and the same zero). */
export function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Object.is(v, -0)) return '(-0)';
  if (v === Infinity) return 'Infinity';
  return v < 0 ? `(${String(v)})` : String(v);
}

/** The op table's rules written as JavaScript expressions (every operand a variable name). */
export const JS_SOURCE: Algebra<string, string> = {
  num: jsNumber,
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  neg: (a) => `(-${a})`,
  abs: (a) => `Math.abs(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
  call: (fn, a, b) => (fn === 'pow' ? `Math.pow(${a}, ${b})` : `Math.${fn}(${a})`),
  gt: (a, b) => `(${a} > ${b})`,
  lt: (a, b) => `(${a} < ${b})`,
  ge: (a, b) => `(${a} >= ${b})`,
  le: (a, b) => `(${a} <= ${b})`,
  eq: (a, b) => `(${a} === ${b})`,
  ne: (a, b) => `(${a} !== ${b})`,
  and: (p, q) => `(${p} && ${q})`,
  or: (p, q) => `(${p} || ${q})`,
  select: (c, t, f) => `(${c} ? ${t} : ${f})`,
};

function forwardExpression(op: UnaryOp | BinaryOp, a: string, b = ''): string {
  return isUnary(op) ? UNARY_RULES[op].value(JS_SOURCE, a) : BINARY_RULES[op].value(JS_SOURCE, a, b);
}

/** Statements adding the gradient contributions of node `out` (adjoint `g`) to its operands' adjoints. */
function backwardStatements(
  op: UnaryOp | BinaryOp,
  g: string,
  out: string,
  a: string,
  b: string,
  da: string | null,
  db: string | null,
): string[] {
  const lines: string[] = [];
  if (isUnary(op)) {
    if (da) lines.push(`${da} += ${UNARY_RULES[op].derivative(JS_SOURCE, g, a, out)};`);
    return lines;
  }
  const rule = BINARY_RULES[op];
  if (da) lines.push(`${da} += ${rule.da(JS_SOURCE, g, a, b, out)};`);
  if (db) lines.push(`${db} += ${rule.db(JS_SOURCE, g, a, b, out)};`);
  return lines;
}

/** The kernel's source, or null when the program has vector parameters. */
export function generateKernelSource(program: Program): string | null {
  const { nodes, output, params } = program;
  if (nodes.some((node) => hasUnits(node.shape))) return null;
  const depends = paramDependence(program);
  const perPoint = (i: number) => nodes[i].shape === 'points';
  const value = (i: number) => `v${i}`;
  const adjoint = (i: number) => `g${i}`;
  const staticIndex = new Map<number, number>();
  const before: string[] = [];
  const loop: string[] = [];
  const after: string[] = [];

  // Values: parameters and scalar nodes once, point nodes in the loop; static point nodes come precomputed.
  nodes.forEach((node, i) => {
    if (perPoint(i) && !depends[i]) {
      staticIndex.set(i, staticIndex.size);
      loop.push(`const ${value(i)} = s${staticIndex.get(i)}[i];`);
      return;
    }
    let expression: string;
    if (node.op === 'const') expression = jsNumber(node.value);
    else if (node.op === 'param') expression = `params[${params[node.param].offset}]`;
    else if (node.op === 'x' || node.op === 'sumUnits') throw new Error(`unexpected ${node.op}`);
    else if (isUnary(node.op)) expression = forwardExpression(node.op, value(node.a));
    else if (isBinary(node.op)) expression = forwardExpression(node.op, value(node.a), value((node as { b: number }).b));
    else throw new Error(`unknown op ${node.op}`);
    (perPoint(i) ? loop : before).push(`const ${value(i)} = ${expression};`);
  });
  for (const k of staticIndex.values()) before.push(`const s${k} = statics[${k}];`);

  // Adjoints: scalar ones summed over the points; point ones local to each point.
  /** The statements that pass op node i's adjoint on to its operands. */
  const passBack = (i: number, node: { op: UnaryOp | BinaryOp; a: number; b?: number }): string[] => {
    const b = node.b ?? -1;
    const { a } = node;
    return backwardStatements(
      node.op,
      adjoint(i),
      value(i),
      value(a),
      b >= 0 ? value(b) : '',
      depends[a] ? adjoint(a) : null,
      b >= 0 && depends[b] ? adjoint(b) : null,
    );
  };
  nodes.forEach((_, i) => {
    if (depends[i] && !perPoint(i)) before.push(`let ${adjoint(i)} = 0;`);
  });
  loop.push(`const d = ${value(output)} - y[i];`);
  loop.push('if (pred !== null) pred[i] = ' + value(output) + ';');
  loop.push('if (lossKind === 0) { total += Math.abs(d); } else { total += d * d; }');
  const outputAdjoint = 'lossKind === 0 ? (d > 0 ? invN : d < 0 ? -invN : d * invN) : 2 * d * invN';
  if (depends[output]) {
    loop.push('if (grad !== null) {');
    nodes.forEach((_, i) => {
      if (depends[i] && perPoint(i)) loop.push(`let ${adjoint(i)} = 0;`);
    });
    loop.push(`${adjoint(output)} += ${outputAdjoint};`);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (!depends[i] || !perPoint(i) || node.op === 'param' || node.op === 'const' || node.op === 'x' || node.op === 'sumUnits') continue;
      loop.push(...passBack(i, node));
    }
    loop.push('}');
  }
  // Scalar nodes: their adjoints are complete after the loop; propagate them down to the parameters.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!depends[i] || perPoint(i)) continue;
    if (node.op === 'param') {
      after.push(`grad[${params[node.param].offset}] += ${adjoint(i)};`);
      continue;
    }
    if (node.op === 'const' || node.op === 'x' || node.op === 'sumUnits') continue;
    after.push(...passBack(i, node));
  }
  return [
    "'use strict';",
    'const n = y.length;',
    'const invN = 1 / n;',
    'let total = 0;',
    ...before,
    'for (let i = 0; i < n; i++) {',
    ...loop.map((line) => '  ' + line),
    '}',
    'if (grad !== null) {',
    '  grad.fill(0);',
    ...after.map((line) => '  ' + line),
    '}',
    'return total / n;',
  ].join('\n');
}

let allowed: boolean | undefined;

/**
 * Whether to compile kernels here: in Node, yes. In a browser we never try, because under a
 * strict CSP even the attempt is reported as a violation.
 */
export function codegenAllowed(): boolean {
  if (allowed === undefined) {
    const versions = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions;
    const node = typeof versions?.node === 'string';
    try {
      allowed = node && new Function('return 1')() === 1;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

export class CompiledEvaluator implements ModelEvaluator {
  readonly pointCount: number;
  private readonly kernel: Kernel;
  private readonly statics: Float64Array[];

  constructor(x: Float64Array, source: string, statics: Float64Array[]) {
    this.pointCount = x.length;
    this.kernel = new Function('params', 'y', 'lossKind', 'grad', 'pred', 'statics', source) as Kernel;
    this.statics = statics;
  }

  predict(params: Float64Array, out: Float64Array = new Float64Array(this.pointCount)): Float64Array {
    this.kernel(params, new Float64Array(this.pointCount), 1, null, out, this.statics);
    return out;
  }

  loss(params: Float64Array, y: Float64Array, loss: LossName): number {
    return this.kernel(params, y, loss === 'mae' ? 0 : 1, null, null, this.statics);
  }

  lossAndGrad(params: Float64Array, y: Float64Array, loss: LossName, grad: Float64Array): number {
    return this.kernel(params, y, loss === 'mae' ? 0 : 1, grad, null, this.statics);
  }
}
