// The playground's model: the compiled formula of the state, and how parameter values carry over
// when the formula changes (a parameter that keeps its name keeps its value).
import { compileFormula } from '../../src/core/formula/compile';
import type { FormulaError } from '../../src/core/formula/parse';
import { flatParamNames, Program } from '../../src/core/formula/program';
import { PRESET_IDS, PresetId } from '../../src/core/limits';
import { ModelSetup, presetModel } from '../../src/core/model/presets';
import type { OpenRequest } from '../../src/protocol/messages';
import type { ModelState } from '../../src/protocol/state';
import { defaultRange } from './ranges';

export interface BuiltModel {
  program: Program;
  /** Flat names, one per scalar: `a`, `b`, … or `m[0]`, `m[1]`, … */
  names: string[];
}

export type BuildResult = { ok: true; model: BuiltModel } | { ok: false; error: FormulaError };

export function buildModel(model: ModelState): BuildResult {
  const compiled = compileFormula(model.formula, { vectors: model.vectors });
  if (!compiled.ok) return compiled;
  return { ok: true, model: { program: compiled.program, names: flatParamNames(compiled.program) } };
}

/** Values for `names`: from `previous` where a name is shared, else `fallback`. */
export function carryParams(previous: { names: string[]; values: ArrayLike<number> }, names: string[], fallback = 1): number[] {
  const known = new Map(previous.names.map((name, i) => [name, previous.values[i]] as const));
  return names.map((name) => known.get(name) ?? fallback);
}

/** Ranges for `names`, keeping the ones already set and starting new ones around `values`. */
export function carryRanges(ranges: Record<string, [number, number]>, names: string[], values: number[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  names.forEach((name, i) => {
    out[name] = ranges[name] ?? defaultRange(values[i]);
  });
  return out;
}

export function setupForRequest(request: OpenRequest, seed = 0): ModelSetup {
  return presetModel(request.preset, { units: request.units, seed });
}

export function isPresetId(value: string): value is PresetId {
  return (PRESET_IDS as readonly string[]).includes(value);
}
