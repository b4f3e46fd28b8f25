// Issue 13's targets, checked against the figures of this run (never a timing in a test): each
// with the measured value, whether it is met, and by how much it is missed or beaten.
import type { BenchRow, CaseName, EngineName } from './cases';
import { renderTable, bestTfjs, torchRow } from './table';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
  /** measured / target for "at least" targets, target / measured for "at most" ones (≥ 1 when met). */
  margin: number | null;
}

export interface Timings {
  commandToPanelMedianMs: number;
  redrawP95Ms: number;
}

function row(rows: BenchRow[], name: CaseName, engine: EngineName): BenchRow | undefined {
  return rows
    .filter((r) => r.case === name && r.engine === engine && Number.isFinite(r.stepsPerSec))
    .reduce<BenchRow | undefined>((a, b) => (!a || b.stepsPerSec > a.stepsPerSec ? b : a), undefined);
}

function atLeast(target: string, value: number | undefined, wanted: number, unit: (v: number) => string): TargetCheck {
  if (value === undefined || !Number.isFinite(value)) return { target, measured: 'missing', met: null, margin: null };
  return { target, measured: unit(value), met: value >= wanted, margin: value / wanted };
}

function atMost(target: string, value: number, wanted: number): TargetCheck {
  if (!Number.isFinite(value)) return { target, measured: 'missing', met: null, margin: null };
  return { target, measured: `${value.toFixed(1)} ms`, met: value <= wanted, margin: wanted / value };
}

const perSec = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M steps/s` : `${v.toFixed(1)} steps/s`);
const factor = (v: number) => `${v.toFixed(v >= 100 ? 0 : 1)}×`;

export function checkTargets(rows: BenchRow[], timings: Timings): TargetCheck[] {
  const lesson = row(rows, 'notebook-quadratic', 'ours:panel');
  const tfjs = bestTfjs(rows, 'notebook-quadratic');
  const relu64 = row(rows, 'relu64-100k', 'ours:panel');
  const torch64 = torchRow(rows, 'relu64-100k');
  const relu256 = row(rows, 'relu256-1m', 'ours:panel');
  return [
    atLeast('lesson fit, ours:panel ≥ 4 M steps/s', lesson?.stepsPerSec, 4e6, perSec),
    atLeast(
      'lesson fit, ours:panel ≥ 1,000× best TensorFlow.js',
      lesson && tfjs ? lesson.stepsPerSec / tfjs.stepsPerSec : undefined,
      1000,
      factor,
    ),
    atLeast(
      'relu64-100k, ours:panel ≥ 10× torch:cpu',
      relu64 && torch64 ? relu64.stepsPerSec / torch64.stepsPerSec : undefined,
      10,
      factor,
    ),
    atLeast('relu256-1m, ours:panel ≥ 10 steps/s', relu256?.stepsPerSec, 10, perSec),
    atMost('"Fit Quadratic" → interactive panel ≤ 1.5 s (median of 5)', timings.commandToPanelMedianMs, 1500),
    atMost('slider → redraw ≤ 16 ms (p95, lesson data)', timings.redrawP95Ms, 16),
  ];
}

export function formatTargets(checks: TargetCheck[]): string {
  const lines = [['target', 'measured', 'met', 'margin']];
  for (const c of checks) {
    const met = c.met === null ? 'missing' : c.met ? 'yes' : 'NO';
    const margin =
      c.margin === null ? '' : c.met ? `${c.margin.toFixed(2)}× the target` : `reaches ${(c.margin * 100).toFixed(0)}% of the target`;
    lines.push([c.target, c.measured, met, margin]);
  }
  return renderTable(lines);
}
