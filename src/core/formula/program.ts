// The compiled form of a model formula: a flat list of operations in evaluation order.
// The evaluators (src/core/eval/) and the ONNX compiler read this, so they
// always agree on what a formula means.
//
// Every node has a shape. `points` varies with the data point (x), `units` varies along a
// vector parameter (the N in "sum of N ReLUs"), `grid` varies along both (points × units,
// stored point-major), `scalar` along neither. Binary operations broadcast like NumPy.

export type Shape = 'scalar' | 'points' | 'units' | 'grid';

export const UNARY_OPS = ['neg', 'abs', 'relu', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** `max`/`min` follow torch.maximum/minimum (a tie splits the gradient in half); `clampMin`/`clampMax`
 * follow torch.clamp (the bound passes the gradient to the value at a tie). */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'clampMin', 'clampMax'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type Node =
  /** An input: x (x1 when there are two), or x2 when `input` is 2. */
  | { op: 'x'; shape: 'points'; input?: 2 }
  | { op: 'param'; param: number; shape: 'scalar' | 'units' }
  | { op: 'const'; value: number; shape: 'scalar' }
  | { op: UnaryOp; a: number; shape: Shape }
  | { op: BinaryOp; a: number; b: number; shape: Shape }
  | { op: 'sumUnits'; a: number; shape: Shape };

export interface ParamSpec {
  name: string;
  /** 1 for a scalar parameter, `units` for a vector parameter. */
  size: number;
  /** Offset of this parameter in the flat parameter vector. */
  offset: number;
}

export interface Program {
  nodes: Node[];
  output: number;
  params: ParamSpec[];
  /** Length of the units axis (1 when the model has no vector parameters). */
  units: number;
  /** Total number of scalar values in the flat parameter vector. */
  paramCount: number;
  /** 2 when the formula is a function of x1 and x2 (compiled with `inputs: 2`); absent for one input. */
  inputs?: 2;
}

/** Whether the program reads the second input, x2. */
export function readsSecondInput(program: Program): boolean {
  return program.nodes.some((node) => node.op === 'x' && node.input === 2);
}

export function isUnary(op: Node['op']): op is UnaryOp {
  return (UNARY_OPS as readonly string[]).includes(op);
}

export function isBinary(op: Node['op']): op is BinaryOp {
  return (BINARY_OPS as readonly string[]).includes(op);
}

export function hasPoints(shape: Shape): boolean {
  return shape === 'points' || shape === 'grid';
}

export function hasUnits(shape: Shape): boolean {
  return shape === 'units' || shape === 'grid';
}

export function broadcastShape(a: Shape, b: Shape): Shape {
  const points = hasPoints(a) || hasPoints(b);
  const units = hasUnits(a) || hasUnits(b);
  return points ? (units ? 'grid' : 'points') : units ? 'units' : 'scalar';
}

export function sumUnitsShape(shape: Shape): Shape {
  return shape === 'grid' ? 'points' : shape === 'units' ? 'scalar' : shape;
}

/** The nodes that node `root` reads, directly or through others, and `root` itself. */
export function reachableNodes(nodes: readonly Node[], root: number): Set<number> {
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    const node = nodes[i];
    if ('a' in node) stack.push(node.a);
    if ('b' in node) stack.push(node.b);
  }
  return seen;
}

/** For each node, whether its value changes with the parameters (false: computed once per dataset). */
export function paramDependence(program: Program): boolean[] {
  const depends: boolean[] = [];
  program.nodes.forEach((node, i) => {
    if (node.op === 'param') depends[i] = true;
    else if (node.op === 'x' || node.op === 'const') depends[i] = false;
    else if ('b' in node) depends[i] = depends[node.a] || depends[node.b];
    else depends[i] = depends[node.a];
  });
  return depends;
}

/** Flat names of every scalar in the parameter vector: `a`, `b`, … or `m[0]`, `m[1]`, … */
export function flatParamNames(program: Program): string[] {
  return program.params.flatMap((p) => (p.size === 1 ? [p.name] : Array.from({ length: p.size }, (_, i) => `${p.name}[${i}]`)));
}
