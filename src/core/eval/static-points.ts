// The values of a program's per-point nodes that do not depend on the parameters (x, x**2,
// sin(x), …), computed a block of points at a time by the tape (the op table's own rules, so the
// values are the tape's bit for bit: every op is pointwise) on the program's parameter-free part
// alone (no arrays for the other nodes, no adjoints). A kernel that keeps them in its own memory
// (the WebAssembly one) fills them block by block, and no full-length array per formula node is
// ever made: for 1,000,000 points that is 8 MB less per node, and the work can pause between
// blocks so a page stays responsive.
import { Node, paramDependence, Program } from '../formula/program';
import { TapeEvaluator } from './tape';

/** Points per block: a block's tape is a few hundred kB and takes about a millisecond (several times that on a loaded machine). */
export const STATIC_BLOCK_POINTS = 16_384;

export interface StaticBlock {
  /** The index of the block's first point. */
  start: number;
  /** Each static point node's values on the block, in node order (as TapeEvaluator.staticPointValues lists them). */
  values: Float64Array[];
}

/** The nodes of `program` that do not depend on its parameters, in their order (their operands are among them). */
function parameterFreePart(program: Program): Program {
  const depends = paramDependence(program);
  const at = new Map<number, number>();
  const nodes: Node[] = [];
  program.nodes.forEach((node, i) => {
    if (depends[i]) return;
    at.set(i, nodes.length);
    if ('b' in node) nodes.push({ ...node, a: at.get(node.a)!, b: at.get(node.b)! });
    else if ('a' in node) nodes.push({ ...node, a: at.get(node.a)! });
    else nodes.push(node);
  });
  const { inputs } = program;
  return { nodes, output: nodes.length - 1, params: [], units: program.units, paramCount: 0, ...(inputs ? { inputs } : {}) };
}

/** The static point values of `program` on `x` (and `x2`, for a formula of x1 and x2), block after block (computed as they are asked for). */
export function* staticBlocks(program: Program, x: Float64Array, x2?: Float64Array, block = STATIC_BLOCK_POINTS): Generator<StaticBlock> {
  const part = parameterFreePart(program);
  if (!part.nodes.some((node) => node.shape === 'points')) return;
  for (let start = 0; start < x.length; start += block) {
    const end = Math.min(x.length, start + block);
    const tape = new TapeEvaluator(part, x.subarray(start, end), x2?.subarray(start, end));
    yield { start, values: tape.staticPointValues() };
  }
}
