// The lesson's models as presets, with its starting values and y ranges; N ReLUs as a network with
// one hidden layer, sum(w*relu(m*x + b)) + c; and models from the user's own formula, whose vector
// parameters (the ones used only inside sum(...)) get the seeded per-unit start of unit-start.ts.
import { compileFormula } from '../formula/compile';
import type { FormulaError } from '../formula/parse';
import { Program } from '../formula/program';
import { inferVectors } from '../formula/vectors';
import { RandomState } from '../data/rng';
import { ownValue } from '../own-record';
import { LESSON_Y_RANGE, PresetId } from '../limits';
import { unitsProblem } from '../train/rules';
import { DataExtent, LESSON_EXTENT, unitStart } from './unit-start';

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

/** The lesson's plain sum of ReLUs (convex, never below zero); the fused-kernel tests use it. */
export const RELU_SUM_FORMULA = 'sum(relu(m*x + b))';
/** N ReLUs with output weights and a bias: a one-hidden-layer network that can fit any curve. */
export const N_RELU_FORMULA = 'sum(w*relu(m*x + b)) + c';
export const DEFAULT_UNITS = 16;
/** The lesson's quadratic with free parameters on two inputs: the formula a custom model starts from on data of x1 and x2. */
export const TWO_INPUT_FORMULA = 'a*x1**2 + b*x2 + c';

export function compileOrThrow(formula: string, vectors: Record<string, number> = {}): Program {
  const result = compileFormula(formula, { vectors });
  if (!result.ok) throw new Error(result.error.message);
  return result.program;
}

/** Sum of `units` ReLUs; each starts with a random slope and its kink at a random x in [-2, 2]. */
export function sumOfRelus(units: number, seed = 0): ModelSetup {
  checkUnits(units);
  const vectors = { m: units, b: units };
  const program = compileOrThrow(RELU_SUM_FORMULA, vectors);
  const rng = new RandomState(seed);
  const slopes = rng.normal(0, 2 / Math.sqrt(units), units);
  const kinks = rng.uniform(-2, 2, units);
  const init = new Float64Array(2 * units);
  for (let j = 0; j < units; j++) {
    init[j] = slopes[j];
    init[units + j] = -slopes[j] * kinks[j];
  }
  return {
    preset: 'custom',
    label: `Sum of ${units} ReLU${units > 1 ? 's' : ''}`,
    formula: RELU_SUM_FORMULA,
    vectors,
    program,
    init,
    yRange: [...LESSON_Y_RANGE],
  };
}

function checkUnits(units: number): void {
  const problem = unitsProblem(units);
  if (problem) throw new Error(`${problem.slice(0, -1)}, not ${units}.`);
}

/** `units` weighted ReLUs, sum(w*relu(m*x + b)) + c, started by unit-start.ts's rule over `extent`, c at the data's mean. */
export function weightedRelus(units: number, seed = 0, extent: DataExtent = LESSON_EXTENT): ModelSetup {
  checkUnits(units);
  const vectors = inferVectors(N_RELU_FORMULA, units);
  const program = compileOrThrow(N_RELU_FORMULA, vectors);
  const init = new Float64Array(program.paramCount);
  for (const [offset, value] of unitStart(program, extent, seed)) init[offset] = value;
  const c = program.params.find((p) => p.name === 'c')!;
  init[c.offset] = extent.yMean;
  return { preset: 'nRelus', label: `${units} ReLU${units > 1 ? 's' : ''}`, formula: N_RELU_FORMULA, vectors, program, init };
}

export function presetModel(id: PresetId, options: { units?: number; seed?: number; extent?: DataExtent } = {}): ModelSetup {
  if (id === 'nRelus') return weightedRelus(options.units ?? DEFAULT_UNITS, options.seed ?? 0, options.extent);
  const definition = PRESETS[id];
  const program = compileOrThrow(definition.formula);
  const init = Float64Array.from(program.params, (p) => ownValue(definition.start, p.name) ?? NaN);
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
): ModelSetup | { error: FormulaError } {
  const result = compileFormula(formula, { vectors, inputs });
  if (!result.ok) return { error: result.error };
  const program = result.program;
  const init = new Float64Array(program.paramCount);
  for (const p of program.params) init.fill(ownValue(start, p.name) ?? fallback, p.offset, p.offset + p.size);
  return { preset: 'custom', label: 'Custom formula', formula, vectors, program, init };
}

export interface FormulaModelOptions {
  /** Start values by name: a number for every unit, or one value per unit for a vector parameter. */
  start?: Record<string, number | number[]>;
  /** Units of the vector parameters (those used only inside sum(...)). */
  units?: number;
  seed?: number;
  extent?: DataExtent;
  /** Where scalar parameters start unless given (1, as the lesson's sliders). */
  fallback?: number;
  /** 2: a formula of x1 and x2. */
  inputs?: 1 | 2;
}

/** The user's own formula: vector parameters inferred from sum(...), started unit by unit (unit-start.ts). */
export function formulaModel(formula: string, options: FormulaModelOptions = {}): ModelSetup | { error: FormulaError } {
  const units = options.units ?? DEFAULT_UNITS;
  const vectors = inferVectors(formula, units);
  const result = compileFormula(formula, { vectors, inputs: options.inputs ?? 1 });
  if (!result.ok) return { error: result.error };
  const program = result.program;
  const init = new Float64Array(program.paramCount).fill(options.fallback ?? 1);
  for (const [offset, value] of unitStart(program, options.extent, options.seed ?? 0)) init[offset] = value;
  for (const [name, value] of Object.entries(options.start ?? {})) {
    const spec = program.params.find((p) => p.name === name);
    if (!spec) continue;
    if (typeof value === 'number') init.fill(value, spec.offset, spec.offset + spec.size);
    else for (let j = 0; j < spec.size; j++) init[spec.offset + j] = value[j];
  }
  return { preset: 'custom', label: 'Custom formula', formula, vectors, program, init };
}
