// The current model, data and training loop as a runnable PyTorch script in the lesson's style
// (its f, noise and add_noise helpers, mae, and the `abc -= abc.grad*lr` loop), plus the fitted
// parameters as JSON. The model is printed from the compiled program, so any formula the
// playground accepts (Python or JavaScript spelling) comes out as valid PyTorch, each op by its
// PyTorch rule in the op table (src/core/formula/ops.ts).
import { compileFormula } from '../../src/core/formula/compile';
import { BINARY_RULES, PRECEDENCE, PyOperand, PyText, UNARY_RULES } from '../../src/core/formula/ops';
import { isBinary, isUnary, Node, Program } from '../../src/core/formula/program';
import { namedParams } from '../../src/core/format';
import { Schedule } from '../../src/core/train/sgd';
import type { PlaneSettings } from '../../src/core/data/generate-plane';
import { DataState, isPlane, TrainControls } from '../../src/protocol/state';
import { pyCommentText, pyString, pythonNames } from './python-text';

/** Data sets up to this size are written into the script; larger ones are read from their CSV file. */
export const INLINE_POINTS = 2000;

export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (Object.is(value, -0)) return '-0.0'; // String(-0) would lose the sign
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
  return String(value).replace(/e\+?/, 'e');
}

/** The model's output as a Python expression over `x` (`x1` and `x2` for a formula of two inputs) and the parameter names (or `names`, one per parameter). */
export function pythonExpression(program: Program, names: readonly string[] = program.params.map((p) => p.name)): string {
  const { nodes } = program;
  const operand = (i: number): PyOperand => {
    const node = nodes[i];
    const [text, level] = emit(i);
    return { text, level, constant: node.op === 'const' ? node.value : null };
  };
  const emit = (i: number): PyText => {
    const node: Node = nodes[i];
    switch (node.op) {
      case 'x':
        return [node.input === 2 ? 'x2' : program.inputs === 2 ? 'x1' : 'x', PRECEDENCE.atom];
      case 'param':
        return [names[node.param], PRECEDENCE.atom];
      case 'const':
        return node.value < 0 || Object.is(node.value, -0)
          ? [pyNumber(node.value), PRECEDENCE.neg]
          : [pyNumber(node.value), PRECEDENCE.atom];
      case 'sumUnits': {
        const [inner, level] = emit(node.a);
        return [`${level < PRECEDENCE.atom ? `(${inner})` : inner}.sum(-1, keepdim=True)`, PRECEDENCE.atom];
      }
      default:
        if (isUnary(node.op)) return UNARY_RULES[node.op].torch(operand((node as { a: number }).a));
        if (isBinary(node.op)) {
          const { a, b } = node as { a: number; b: number };
          return BINARY_RULES[node.op].torch(operand(a), operand(b));
        }
        throw new Error(`unknown op ${node.op}`);
    }
  };
  return emit(program.output)[0];
}

export function scheduleExpression(lr: number, schedule: Schedule): string {
  const base = pyNumber(lr);
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return `${base} * ${pyNumber(schedule.gamma)}**(i // ${schedule.every})`;
    case 'exponential':
      return `${base} * ${pyNumber(schedule.gamma)}**i`;
    case 'cosine': {
      const minLr = pyNumber(schedule.minLr);
      return `${minLr} + 0.5*(${base} - ${minLr})*(1 + math.cos(math.pi * min(i, ${schedule.steps}) / ${schedule.steps}))`;
    }
  }
}

/** Generated data of two inputs (generate-plane.ts), drawn in the same order from NumPy's legacy generator. */
function planeDataLines(s: PlaneSettings): string[] {
  const fn = compileFormula(s.fn, { inputs: 2 });
  return [
    `# f(x1, x2) = ${pyCommentText(s.fn)}`,
    fn.ok
      ? `def f(x1, x2): return ${pythonExpression(fn.program)}`
      : `def f(x1, x2): raise ValueError(${pyString(`the data function ${s.fn} does not compile: ${fn.error.message}`)})`,
    '',
    'def noise(x, scale): return np.random.normal(scale=scale, size=x.shape)',
    'def add_noise(x, mult, add): return x * (1+noise(x,mult)) + noise(x,add)',
    '',
    `np.random.seed(${s.seed})`,
    "# x1 and x2 drawn uniformly over the plane, rounded to float32 as the lesson's x is",
    `x1 = torch.tensor(np.random.uniform(${pyNumber(s.min)}, ${pyNumber(s.max)}, ${s.n}).astype(np.float32))[:,None]`,
    `x2 = torch.tensor(np.random.uniform(${pyNumber(s.min2)}, ${pyNumber(s.max2)}, ${s.n}).astype(np.float32))[:,None]`,
    `y = add_noise(f(x1, x2), ${pyNumber(s.mult)}, ${pyNumber(s.add)})`,
  ];
}

function dataLines(data: DataState): string[] {
  if (data.kind === 'generator' && isPlane(data.settings)) return planeDataLines(data.settings);
  if (data.kind === 'generator') {
    const s = data.settings;
    const fn = compileFormula(s.fn);
    return [
      `# f(x) = ${pyCommentText(s.fn)}`,
      fn.ok
        ? `def f(x): return ${pythonExpression(fn.program)}`
        : `def f(x): raise ValueError(${pyString(`the data function ${s.fn} does not compile: ${fn.error.message}`)})`,
      '',
      'def noise(x, scale): return np.random.normal(scale=scale, size=x.shape)',
      'def add_noise(x, mult, add): return x * (1+noise(x,mult)) + noise(x,add)',
      '',
      `np.random.seed(${s.seed})`,
      ...(s.linspace === 'exact'
        ? [
            '# x by the plain formula start + i*step in float32 (the "exact" spacing), not torch.linspace',
            `x = exact_linspace(${pyNumber(s.min)}, ${pyNumber(s.max)}, ${s.n})[:,None]`,
          ]
        : [`x = torch.linspace(${pyNumber(s.min)}, ${pyNumber(s.max)}, steps=${s.n})[:,None]`]),
      `y = add_noise(f(x), ${pyNumber(s.mult)}, ${pyNumber(s.add)})`,
    ];
  }
  const inputs = data.x2 ? (['x1', 'x2'] as const) : (['x'] as const);
  if (data.x.length <= INLINE_POINTS) {
    const list = (values: number[]) => `[${values.map(pyNumber).join(', ')}]`;
    const columns = data.x2 ? [data.x, data.x2] : [data.x];
    return [
      `# ${pyCommentText(data.name)}`,
      ...inputs.map((name, k) => `${name} = torch.tensor(${list(columns[k])}, dtype=torch.float64)[:,None]`),
      `y = torch.tensor(${list(data.y)}, dtype=torch.float64)[:,None]`,
    ];
  }
  return [
    `# ${pyCommentText(data.name)}: ${data.count ?? data.x.length} rows, read from the file (put it next to this script; columns ${inputs.join(', ')}, then y)`,
    `xy = np.genfromtxt(${pyString(data.name)}, delimiter=',', names=True)`,
    ...inputs.map((name, k) => `${name} = torch.tensor(xy[xy.dtype.names[${k}]])[:,None]`),
    `y = torch.tensor(xy[xy.dtype.names[${inputs.length}]])[:,None]`,
  ];
}

/** The plain linspace formula in float32, halves from each end (src/core/data/linspace.ts, 'exact'). */
const EXACT_LINSPACE = [
  'def exact_linspace(start, end, steps):',
  '    start, end = torch.tensor(start, dtype=torch.float32), torch.tensor(end, dtype=torch.float32)',
  '    if steps == 1: return start.reshape(1)',
  '    step = (end - start) / torch.tensor(steps - 1, dtype=torch.float32)',
  '    i = torch.arange(steps, dtype=torch.float32)',
  '    return torch.where(torch.arange(steps) < steps // 2, start + step * i, end - step * (steps - 1 - i))',
  '',
];

export interface ExportInput {
  program: Program;
  init: ArrayLike<number>;
  data: DataState;
  train: TrainControls;
  /** Steps to write in the loop (the playground's step count, at least 10). */
  steps: number;
}

export function pytorchScript(input: ExportInput): string {
  const { program, train } = input;
  const { names, renamed } = pythonNames(program.params.map((p) => p.name));
  const vector = program.params.some((p) => p.size > 1);
  const unpack = vector
    ? program.params.map((p, k) =>
        `${names[k]} = params[${p.offset}:${p.offset + p.size}]`.replace(`params[${p.offset}:${p.offset + 1}]`, `params[${p.offset}]`),
      )
    : [`${names.join(', ')}${names.length === 1 ? ',' : ''} = params`];
  const renames = renamed.length
    ? [`    # Renamed for Python (a keyword, or a name this script uses): ${renamed.map(([from, to]) => `${from} -> ${to}`).join(', ')}`]
    : [];
  const loss =
    train.loss === 'mae'
      ? ['def mae(preds, acts): return (torch.abs(preds-acts)).mean()']
      : ['def mse(preds, acts): return ((preds-acts)**2).mean()'];
  const steps = Math.max(10, input.steps);
  const every = steps <= 20 ? 1 : Math.ceil(steps / 20);
  const init = Array.from(input.init, pyNumber).join(', ');
  const lr = scheduleExpression(train.lr, train.schedule);
  const inputNames = program.inputs === 2 ? 'x1, x2' : 'x';
  return [
    '# Exported from Neural Net Deep Dive: the model, the data and the training loop, in the',
    '# style of the fast.ai lesson "How does a neural net really work?".',
    ...(train.schedule.kind === 'cosine' ? ['import math'] : []),
    'import numpy as np',
    'import torch',
    '',
    ...(input.data.kind === 'generator' && input.data.settings.linspace === 'exact' ? EXACT_LINSPACE : []),
    ...dataLines(input.data),
    '',
    ...loss,
    '',
    `def model(params, ${inputNames}):`,
    ...renames,
    ...unpack.map((line) => `    ${line}`),
    `    return ${pythonExpression(program, names)}`,
    '',
    `def loss_fn(params): return ${train.loss}(model(params, ${inputNames}), y)`,
    '',
    `params = torch.tensor([${init}], dtype=torch.float64).requires_grad_()`,
    `for i in range(${steps}):`,
    '    loss = loss_fn(params)',
    '    loss.backward()',
    '    with torch.no_grad():',
    `        params -= params.grad*(${lr})`,
    ...(train.accumulateGrad
      ? ['        # As in the original notebook, the gradient is never zeroed: each step adds to the last.']
      : ['        params.grad.zero_()']),
    every === 1
      ? "    print(f'step={i}; loss={loss:.2f}')"
      : `    if i % ${every} == 0 or i == ${steps - 1}: print(f'step={i}; loss={loss:.2f}')`,
    '',
  ].join('\n');
}

/** The parameters by name, as JSON (also valid Python). */
export function parametersJson(program: Program, params: ArrayLike<number>): string {
  return JSON.stringify(namedParams(program, params), null, 2);
}
