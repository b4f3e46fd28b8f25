// The parts a ReLU model adds up, each drawn as a faint line under the sum: the top-level terms of
// the formula (double ReLU: its two rectified lines) and, for a sum over units (N ReLUs), each unit.
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import { Node, Program, reachableNodes, sumUnitsShape } from '../../src/core/formula/program';

/** Beyond this many parts the lines are not drawn: they would hide the sum. */
export const MAX_PARTS = 64;

const KINKED: ReadonlySet<Node['op']> = new Set(['relu', 'clampMin', 'clampMax', 'max', 'min']);

interface Part {
  evaluator: ModelEvaluator;
  /** Picks the part's parameter vector out of the model's flat parameters. */
  select: (params: Float64Array, out: Float64Array) => Float64Array;
  scratch: Float64Array;
  /** For a unit of a vector sum: its index. */
  unit?: number;
}

export interface PartCurves {
  count: number;
  /** One prediction array per part, on the x grid given to `partsOf` (the same arrays each call, written afresh: read them before the next). */
  evaluate(params: Float64Array): Float64Array[];
}

function additiveTerms(nodes: Node[], root: number): number[] {
  const node = nodes[root];
  return node.op === 'add' ? [...additiveTerms(nodes, node.a), ...additiveTerms(nodes, node.b)] : [root];
}

/** The program that computes node `output` alone (nodes are in evaluation order, so a prefix suffices). */
function subProgram(program: Program, output: number): Program {
  return { ...program, nodes: program.nodes.slice(0, output + 1), output };
}

/** One unit of a vector sum as a scalar program: vector parameters become scalars, grids become points. */
function unitProgram(program: Program, output: number): Program {
  // Dropping the units axis is what sum() does to a shape.
  const nodes = program.nodes.slice(0, output + 1).map((node) => ({ ...node, shape: sumUnitsShape(node.shape) }) as Node);
  const params = program.params.map((p, i) => ({ name: p.name, size: 1, offset: i }));
  return { nodes, output, params, units: 1, paramCount: params.length };
}

/** The model's parts on the grid `x`, or null when the model is not a sum of kinked (ReLU-like) parts. */
export function partsOf(program: Program, x: Float64Array): PartCurves | null {
  const { nodes } = program;
  if (!nodes.some((node) => KINKED.has(node.op))) return null;
  const parts: Part[] = [];
  for (const term of additiveTerms(nodes, program.output)) {
    const node = nodes[term];
    if (node.shape === 'scalar' || node.shape === 'units') continue;
    if (node.op === 'sumUnits' && nodes[node.a].shape === 'grid') {
      const inner = reachableNodes(nodes, node.a);
      if ([...inner].some((i) => nodes[i].op === 'sumUnits')) return null;
      if (parts.length + program.units > MAX_PARTS) return null;
      const unit = unitProgram(program, node.a);
      const evaluator = createEvaluator(unit, x, { codegen: false });
      for (let j = 0; j < program.units; j++) {
        parts.push({
          evaluator,
          unit: j,
          scratch: new Float64Array(unit.paramCount),
          select: (params, out) => {
            program.params.forEach((p, i) => (out[i] = params[p.offset + (p.size > 1 ? j : 0)]));
            return out;
          },
        });
      }
    } else {
      if (parts.length + 1 > MAX_PARTS) return null;
      parts.push({
        evaluator: createEvaluator(subProgram(program, term), x, { codegen: false }),
        scratch: new Float64Array(0),
        select: (params) => params,
      });
    }
  }
  if (parts.length < 2) return null;
  // Written in place every redraw (64 parts × the grid, each frame while training: no garbage).
  const outs = parts.map(() => new Float64Array(x.length));
  return {
    count: parts.length,
    evaluate: (params) => parts.map((part, k) => part.evaluator.predict(part.select(params, part.scratch), outs[k])),
  };
}
