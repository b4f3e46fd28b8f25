// Evaluates a Program one data point at a time with plain numbers, optionally rounding every
// intermediate result (Math.fround reproduces PyTorch's float32 arithmetic). Used to make the
// lesson's data (f evaluated in float32) and as an independent check on the batched evaluator.
import { compileFormula } from './compile';
import { foldBinary, foldUnary } from './compile';
import { isBinary, isUnary, Program, readsSecondInput } from './program';

export function evaluatePointwise(
  program: Program,
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  round: (v: number) => number = (v) => v,
  /** The second input, for programs of x1 and x2. */
  x2?: ArrayLike<number>,
): Float64Array {
  if (readsSecondInput(program) && (!x2 || x2.length !== x.length)) throw new Error('This formula of x1 and x2 needs both inputs');
  const { nodes, params: specs, units } = program;
  const out = new Float64Array(x.length);
  const values: number[][] = new Array(nodes.length);
  for (let i = 0; i < x.length; i++) {
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      const lanes = (index: number, j: number): number => {
        const v = values[index];
        return v.length === 1 ? v[0] : v[j];
      };
      let result: number[];
      if (node.op === 'x') result = [round(node.input === 2 ? x2![i] : x[i])];
      else if (node.op === 'const') result = [round(node.value)];
      else if (node.op === 'param') {
        const spec = specs[node.param];
        result = Array.from({ length: spec.size }, (_, j) => round(params[spec.offset + j]));
      } else if (node.op === 'sumUnits') {
        result = [round(values[node.a].reduce((s, v) => s + v, 0))];
      } else {
        const width = node.shape === 'units' || node.shape === 'grid' ? units : 1;
        result = Array.from({ length: width }, (_, j) => {
          if (isUnary(node.op)) return round(foldUnary(node.op, lanes((node as { a: number }).a, j)));
          if (isBinary(node.op)) {
            const { a, b } = node as { a: number; b: number };
            return round(foldBinary(node.op, lanes(a, j), lanes(b, j)));
          }
          throw new Error(`unknown op ${node.op}`);
        });
      }
      values[k] = result;
    }
    out[i] = values[program.output][0];
  }
  return out;
}

/** A parameter-free formula of x, evaluated in float32 like a PyTorch float32 tensor expression. */
export function float32Function(formula: string): (x: Float64Array) => Float64Array {
  const compiled = compileFormula(formula);
  if (!compiled.ok) throw new Error(`Data function "${formula}": ${compiled.error.message}`);
  if (compiled.value.paramCount > 0) {
    const names = compiled.value.params.map((p) => p.name).join(', ');
    throw new Error(`Data function "${formula}" may only use x, but it also uses ${names}`);
  }
  return (x) => evaluatePointwise(compiled.value, [], x, Math.fround);
}

/** A parameter-free formula of x1 and x2, evaluated in float32 (the two-input data generator's target). */
export function float32Function2(formula: string): (x1: Float64Array, x2: Float64Array) => Float64Array {
  const compiled = compileFormula(formula, { inputs: 2 });
  if (!compiled.ok) throw new Error(`Data function "${formula}": ${compiled.error.message}`);
  if (compiled.value.paramCount > 0) {
    const names = compiled.value.params.map((p) => p.name).join(', ');
    throw new Error(`Data function "${formula}" may only use x1 and x2, but it also uses ${names}`);
  }
  return (x1, x2) => evaluatePointwise(compiled.value, [], x1, Math.fround, x2);
}
