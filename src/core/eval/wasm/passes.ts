// How the WebAssembly kernel schedules a program's nodes: what is computed once per evaluation
// (scalar nodes in locals, units nodes as arrays along the units axis), once per point (point
// nodes in locals), and, for a point, in a loop over the units (grid nodes, the terms a sum(...)
// adds up). A sum's result is known only after its loop, so a point's work comes in passes:
// pass L computes the point nodes of level L, then loops over the units for the grid nodes of
// level L, whose sums are the point nodes of level L + 1. A grid node that reads a grid value of
// an earlier pass would need every unit's value kept per point: those programs are left to the tape.
import { hasPoints, Node, paramDependence, Program } from '../../formula/program';

export interface KernelPasses {
  /** Whether the node's value changes with the parameters. */
  depends: boolean[];
  /** For point and grid nodes that depend on the parameters: their pass; -1 for every other node. */
  level: number[];
  /** The last pass (0 when there is no sum over units inside the point loop). */
  lastLevel: number;
  /** Point nodes that do not depend on the parameters (x, x**2, …): computed once by the caller, in node order. */
  statics: number[];
  /** Units nodes (vector parameters included): arrays of `units` values. */
  unitNodes: number[];
  /** Grid nodes, in node order. */
  gridNodes: number[];
}

function operandsOf(node: Node): number[] {
  if ('b' in node) return [node.a, node.b];
  if ('a' in node) return [node.a];
  return [];
}

/** The kernel's schedule for `program`, or null when a grid node reads a grid value of an earlier pass. */
export function kernelPasses(program: Program): KernelPasses | null {
  const { nodes } = program;
  const depends = paramDependence(program);
  const level = new Array<number>(nodes.length).fill(-1);
  const statics: number[] = [];
  const unitNodes: number[] = [];
  const gridNodes: number[] = [];
  let lastLevel = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.shape === 'units') unitNodes.push(i);
    if (!hasPoints(node.shape)) continue;
    if (!depends[i]) {
      statics.push(i);
      continue;
    }
    const operands = operandsOf(node);
    let l = 0;
    for (const k of operands) if (level[k] >= 0) l = Math.max(l, node.op === 'sumUnits' ? level[k] + 1 : level[k]);
    if (node.shape === 'grid') {
      gridNodes.push(i);
      for (const k of operands) if (nodes[k].shape === 'grid' && level[k] !== l) return null;
    }
    level[i] = l;
    lastLevel = Math.max(lastLevel, l);
  }
  return { depends, level, lastLevel, statics, unitNodes, gridNodes };
}
