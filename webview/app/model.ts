// The playground's model: the compiled formula of the state (or its network, for "Layers"), and how
// parameter values carry over when the formula changes (a parameter that keeps its name keeps its value).
import { compileFormula } from '../../src/core/formula/compile';
import type { FormulaError } from '../../src/core/formula/parse';
import { flatParamNames, Program } from '../../src/core/formula/program';
import { MODEL_PRESET_IDS, ModelPresetId, PresetId } from '../../src/core/limits';
import { mlpParamNames, MlpSpec, validateMlp } from '../../src/core/model/mlp';
import { ModelSetup, presetModel } from '../../src/core/model/presets';
import { DataExtent, unitStart } from '../../src/core/model/unit-start';
import type { OpenRequest } from '../../src/protocol/messages';
import type { ModelState } from '../../src/protocol/state';
import { ownValue, setOwnValue } from '../../src/core/own-record';
import { defaultRange } from './ranges';

export interface BuiltModel {
  /** The compiled formula; null for a network. */
  program: Program | null;
  /** The network of the "Layers" preset; null for a formula. */
  network: MlpSpec | null;
  /** Flat names, one per scalar: `a`, `b`, … or `m[0]`, `m[1]`, … (a network's `W1[0,0]`, …, `b1[0]`, …) */
  names: string[];
}

export type BuildResult = { ok: true; model: BuiltModel } | { ok: false; error: FormulaError };

export function buildModel(model: ModelState): BuildResult {
  if (model.network) {
    const problem = validateMlp(model.network);
    if (problem) return { ok: false, error: { message: problem, position: 0, expected: '' } };
    const network: MlpSpec = { inputs: model.network.inputs, hidden: model.network.hidden.map((layer) => ({ ...layer })) };
    return { ok: true, model: { program: null, network, names: mlpParamNames(network) } };
  }
  const compiled = compileFormula(model.formula, { vectors: model.vectors, inputs: model.inputs });
  if (!compiled.ok) return compiled;
  return { ok: true, model: { program: compiled.program, network: null, names: flatParamNames(compiled.program) } };
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
    setOwnValue(out, name, ownValue(ranges, name) ?? defaultRange(values[i]));
  });
  return out;
}

export function setupForRequest(request: OpenRequest & { preset: PresetId }, seed = 0, extent?: DataExtent): ModelSetup {
  return presetModel(request.preset, { units: request.units, seed, extent });
}

/**
 * Start values for `built` when its formula replaces `previous`: a name both share keeps its value;
 * a new unit of a vector parameter gets the seeded per-unit start (so units differ); a new scalar 1.
 */
export function startValues(previous: { names: string[]; values: ArrayLike<number> }, built: BuiltModel, extent: DataExtent): number[] {
  const known = new Map(previous.names.map((name, i) => [name, previous.values[i]] as const));
  const units = built.program ? unitStart(built.program, extent) : new Map<number, number>();
  return built.names.map((name, i) => known.get(name) ?? units.get(i) ?? 1);
}

export function isPresetId(value: string): value is ModelPresetId {
  return (MODEL_PRESET_IDS as readonly string[]).includes(value);
}
