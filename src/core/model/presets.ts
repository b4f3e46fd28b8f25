// The lesson's models as presets, with its starting values and y ranges, and the sum of N ReLUs.
import { compileFormula } from '../formula/compile';
import { Program } from '../formula/program';
import { RandomState } from '../data/rng';
import { LESSON_Y_RANGE, PresetId } from '../limits';
import { unitsProblem } from '../train/rules';

export interface ModelSetup {
  preset: PresetId | 'custom';
  label: string;
  formula: string;
  vectors: Record<string, number>;
  program: Program;
  init: Float64Array;
  /** The y range the lesson plots this model with, when it has one. */
  yRange?: [number, number];
}

interface PresetDefinition {
  label: string;
  formula: string;
  start: Record<string, number>;
  yRange: [number, number];
}

export const PRESETS: Record<Exclude<PresetId, 'nRelus'>, PresetDefinition> = {
  quadratic: { label: 'Quadratic', formula: 'a*x**2 + b*x + c', start: { a: 1.1, b: 1.1, c: 1.1 }, yRange: [...LESSON_Y_RANGE] },
  // torch.clip, as in the lesson's rectified_linear: at exactly 0 the gradient still flows.
  relu: { label: 'ReLU', formula: 'torch.clip(m*x + b, 0.)', start: { m: 1.5, b: 1.5 }, yRange: [-1, 4] },
  doubleRelu: {
    label: 'Double ReLU',
    formula: 'torch.clip(m1*x + b1, 0.) + torch.clip(m2*x + b2, 0.)',
    start: { m1: -1.5, b1: -1.5, m2: 1.5, b2: 1.5 },
    yRange: [-1, 6],
  },
};

export const N_RELU_FORMULA = 'sum(relu(m*x + b))';

export function compileOrThrow(formula: string, vectors: Record<string, number> = {}): Program {
  const result = compileFormula(formula, { vectors });
  if (!result.ok) throw new Error(result.error.message);
  return result.program;
}

/** Sum of `units` ReLUs; each starts with a random slope and its kink at a random x in [-2, 2]. */
export function sumOfRelus(units: number, seed = 0): ModelSetup {
  const problem = unitsProblem(units);
  if (problem) throw new Error(`${problem.slice(0, -1)}, not ${units}.`);
  const vectors = { m: units, b: units };
  const program = compileOrThrow(N_RELU_FORMULA, vectors);
  const rng = new RandomState(seed);
  const slopes = rng.normal(0, 2 / Math.sqrt(units), units);
  const kinks = rng.uniform(-2, 2, units);
  const init = new Float64Array(2 * units);
  for (let j = 0; j < units; j++) {
    init[j] = slopes[j];
    init[units + j] = -slopes[j] * kinks[j];
  }
  return {
    preset: 'nRelus',
    label: `${units} ReLU${units > 1 ? 's' : ''}`,
    formula: N_RELU_FORMULA,
    vectors,
    program,
    init,
    yRange: [...LESSON_Y_RANGE],
  };
}

export function presetModel(id: PresetId, options: { units?: number; seed?: number } = {}): ModelSetup {
  if (id === 'nRelus') return sumOfRelus(options.units ?? 16, options.seed ?? 0);
  const definition = PRESETS[id];
  const program = compileOrThrow(definition.formula);
  const init = Float64Array.from(program.params, (p) => definition.start[p.name]);
  return { preset: id, label: definition.label, formula: definition.formula, vectors: {}, program, init, yRange: definition.yRange };
}

/** A model from the user's own formula; every parameter starts at `start` unless given. */
export function customModel(
  formula: string,
  start: Record<string, number> = {},
  vectors: Record<string, number> = {},
  fallback = 1,
  /** 2: a formula of x1 and x2. */
  inputs: 1 | 2 = 1,
): ModelSetup | { error: import('../formula/parse').FormulaError } {
  const result = compileFormula(formula, { vectors, inputs });
  if (!result.ok) return { error: result.error };
  const program = result.program;
  const init = new Float64Array(program.paramCount);
  for (const p of program.params) init.fill(start[p.name] ?? fallback, p.offset, p.offset + p.size);
  return { preset: 'custom', label: 'Custom formula', formula, vectors, program, init };
}
