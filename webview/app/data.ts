// The data set a DataState describes: the lesson's generator or a CSV the user loaded.
import { parseCsv } from '../../src/core/data/csv';
import { Dataset, generateData, GeneratorSettings } from '../../src/core/data/generate';
import { LIMITS } from '../../src/core/limits';
import { errorMessage } from '../../src/core/result';
import { float32Function } from '../../src/core/formula/pointwise';
import type { DataState } from '../../src/protocol/state';

export type DataResult = { ok: true; data: Dataset } | { ok: false; error: string };

export function generate(settings: GeneratorSettings): DataResult {
  try {
    return { ok: true, data: generateData(settings, float32Function(settings.fn)) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

export function datasetOf(state: DataState): DataResult {
  if (state.kind === 'generator') return generate(state.settings);
  return { ok: true, data: { x: Float64Array.from(state.x), y: Float64Array.from(state.y) } };
}

/** A CSV file as a DataState, or the reason it cannot be used (with its line and column). */
export function csvData(name: string, text: string): { ok: true; state: DataState; skipped: string } | { ok: false; error: string } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, error: `${name}: ${parsed.error}` };
  const { x, y } = parsed.data;
  if (x.length > LIMITS.points)
    return {
      ok: false,
      error: `${name}: ${x.length.toLocaleString('en-US')} rows; the playground takes up to ${LIMITS.points.toLocaleString('en-US')}.`,
    };
  return { ok: true, state: { kind: 'csv', name, x: Array.from(x), y: Array.from(y) }, skipped: parsed.skipped };
}

export function describeData(state: DataState, count: number): string {
  if (state.kind === 'csv') return `${state.name} · ${count.toLocaleString('en-US')} points`;
  const s = state.settings;
  return `y = ${s.fn} · ${count.toLocaleString('en-US')} points · seed ${s.seed}`;
}
