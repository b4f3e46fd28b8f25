// Compiles a Program into one JavaScript function that runs the forward pass, the loss and the
// backward pass for each data point in a single loop, with every value in a local variable.
// For the lesson's small problems this is several times faster than the node-by-node tape,
// which spends its time on loop and call overhead rather than arithmetic.
//
// It needs `new Function`, which a webview's strict CSP (no 'unsafe-eval') forbids: there the
// tape evaluator runs instead. Only programs without vector parameters are compiled; the fused
// sum-of-ReLUs kernel covers the vector case.
import type { ModelEvaluator } from './evaluator';
import type { LossName } from './loss';
import { BinaryOp, hasUnits, isBinary, isUnary, paramDependence, Program, UnaryOp } from '../formula/program';

type Kernel = (
  params: Float64Array,
  y: Float64Array,
  lossKind: number,
  grad: Float64Array | null,
  pred: Float64Array | null,
  statics: Float64Array[],
) => number;

function forwardExpression(op: UnaryOp | BinaryOp, a: string, b = ''): string {
  switch (op) {
    case 'neg':
      return `-${a}`;
    case 'abs':
      return `Math.abs(${a})`;
    case 'relu':
      return `(${a} > 0 ? ${a} : ${a} === ${a} ? 0 : ${a})`;
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'sin':
    case 'cos':
    case 'tanh':
      return `Math.${op}(${a})`;
    case 'sigmoid':
      return `1 / (1 + Math.exp(-${a}))`;
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} - ${b}`;
    case 'mul':
      return `${a} * ${b}`;
    case 'div':
      return `${a} / ${b}`;
    case 'pow':
      return `Math.pow(${a}, ${b})`;
    case 'max':
    case 'clampMin':
      return `(${a} !== ${a} || ${b} !== ${b} ? NaN : ${a} > ${b} ? ${a} : ${b})`;
    case 'min':
    case 'clampMax':
      return `(${a} !== ${a} || ${b} !== ${b} ? NaN : ${a} < ${b} ? ${a} : ${b})`;
  }
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
  const add = (target: string | null, expression: string) => target && lines.push(`${target} += ${expression};`);
  switch (op) {
    case 'neg':
      add(da, `-${g}`);
      break;
    case 'abs':
      add(da, `(${a} > 0 ? ${g} : ${a} < 0 ? -${g} : 0)`);
      break;
    case 'relu':
      add(da, `(${out} > 0 ? ${g} : 0)`);
      break;
    case 'exp':
      add(da, `${g} * ${out}`);
      break;
    case 'log':
      add(da, `${g} / ${a}`);
      break;
    case 'sqrt':
      add(da, `${g} / (2 * ${out})`);
      break;
    case 'sin':
      add(da, `${g} * Math.cos(${a})`);
      break;
    case 'cos':
      add(da, `-${g} * Math.sin(${a})`);
      break;
    case 'tanh':
      add(da, `${g} * (1 - ${out} * ${out})`);
      break;
    case 'sigmoid':
      add(da, `${g} * ${out} * (1 - ${out})`);
      break;
    case 'add':
      add(da, g);
      add(db, g);
      break;
    case 'sub':
      add(da, g);
      add(db, `-${g}`);
      break;
    case 'mul':
      add(da, `${g} * ${b}`);
      add(db, `${g} * ${a}`);
      break;
    case 'div':
      add(da, `${g} / ${b}`);
      add(db, `-${g} * ${a} / (${b} * ${b})`);
      break;
    case 'pow':
      add(da, `(${b} === 0 ? 0 : ${g} * ${b} * Math.pow(${a}, ${b} - 1))`);
      add(db, `(${a} === 0 && ${b} >= 0 ? 0 : ${g} * ${out} * Math.log(${a}))`);
      break;
    case 'max':
    case 'min': {
      const diff = op === 'max' ? `${a} - ${b}` : `${b} - ${a}`;
      lines.push(`{ const t = (${diff}) > 0 ? 1 : (${diff}) < 0 ? 0 : 0.5;`);
      add(da, `${g} * t`);
      add(db, `${g} * (1 - t)`);
      lines.push('}');
      break;
    }
    case 'clampMin':
    case 'clampMax': {
      const inside = op === 'clampMin' ? `${a} >= ${b}` : `${a} <= ${b}`;
      add(da, `(${inside} ? ${g} : 0)`);
      add(db, `(${inside} ? 0 : ${g})`);
      break;
    }
  }
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
    if (node.op === 'const') expression = String(node.value);
    else if (node.op === 'param') expression = `params[${params[node.param].offset}]`;
    else if (node.op === 'x' || node.op === 'sumUnits') throw new Error(`unexpected ${node.op}`);
    else if (isUnary(node.op)) expression = forwardExpression(node.op, value(node.a));
    else if (isBinary(node.op)) expression = forwardExpression(node.op, value(node.a), value((node as { b: number }).b));
    else throw new Error(`unknown op ${node.op}`);
    (perPoint(i) ? loop : before).push(`const ${value(i)} = ${expression};`);
  });
  for (const k of staticIndex.values()) before.push(`const s${k} = statics[${k}];`);

  // Adjoints: scalar ones summed over the points; point ones local to each point.
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
      const a = (node as { a: number }).a;
      const b = 'b' in node ? node.b : -1;
      loop.push(
        ...backwardStatements(
          node.op,
          adjoint(i),
          value(i),
          value(a),
          b >= 0 ? value(b) : '',
          depends[a] ? adjoint(a) : null,
          b >= 0 && depends[b] ? adjoint(b) : null,
        ),
      );
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
    const a = (node as { a: number }).a;
    const b = 'b' in node ? node.b : -1;
    after.push(
      ...backwardStatements(
        node.op,
        adjoint(i),
        value(i),
        value(a),
        b >= 0 ? value(b) : '',
        depends[a] ? adjoint(a) : null,
        b >= 0 && depends[b] ? adjoint(b) : null,
      ),
    );
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
