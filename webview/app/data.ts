// The data set a DataState describes: the lesson's generator (of x, or of x1 and x2 over a plane) or
// a CSV the user loaded (x,y or x1,x2,y).
import { parseCsv } from '../../src/core/data/csv';
import { Dataset, generateData, GeneratorSettings } from '../../src/core/data/generate';
import { LIMITS } from '../../src/core/limits';
import { errorMessage, ok, Result } from '../../src/core/result';
import { float32Function, float32Function2 } from '../../src/core/formula/pointwise';
import { generatePlaneData } from '../../src/core/data/generate-plane';
import { DataState, isPlane } from '../../src/protocol/state';

export type DataResult = Result<Dataset>;

export function generate(settings: GeneratorSettings & { min2?: number; max2?: number }): DataResult {
  try {
    if (isPlane(settings)) return ok(generatePlaneData(settings, float32Function2(settings.fn)));
    return ok(generateData(settings, float32Function(settings.fn)));
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

export function datasetOf(state: DataState): DataResult {
  if (state.kind === 'generator') return generate(state.settings);
  const data = { x: Float64Array.from(state.x), y: Float64Array.from(state.y) };
  return ok(state.x2 ? { ...data, x2: Float64Array.from(state.x2) } : data);
}

/** A CSV file as a DataState, or the reason it cannot be used (with its line and column). */
export function csvData(name: string, text: string): Result<{ state: DataState; skipped: string }> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
  const { x, y, x2 } = parsed.value.data;
  if (x.length > LIMITS.points)
    return {
      ok: false,
      error: `${name}: ${x.length.toLocaleString('en-US')} rows; the playground takes up to ${LIMITS.points.toLocaleString('en-US')}.`,
    };
  const state: DataState = { kind: 'csv', name, x: Array.from(x), y: Array.from(y), ...(x2 ? { x2: Array.from(x2) } : {}) };
  return ok({ state, skipped: parsed.value.skipped });
}

export function describeData(state: DataState, count: number): string {
  if (state.kind === 'csv') return `${state.name} · ${count.toLocaleString('en-US')} points`;
  const s = state.settings;
  if (isPlane(s)) return `y = ${s.fn} of x1, x2 · ${count.toLocaleString('en-US')} points · seed ${s.seed}`;
  return `y = ${s.fn} · ${count.toLocaleString('en-US')} points · seed ${s.seed}`;
}
