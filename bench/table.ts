// The printed tables: per case, each engine's K = 1 row and best-K row, with the ratio to the
// fastest TensorFlow.js engine and to PyTorch CPU on the same case in the same run, and what each
// row ran on (runtime, load average when it was taken).
import { BenchRow, CASE_NAMES, CaseName, StampedRow } from './cases';

function rate(value: number): string {
  if (Number.isNaN(value)) return 'missing';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  if (value >= 100) return value.toFixed(0);
  return value.toFixed(2);
}

/** The K = 1 row and the fastest row of each (case, engine, runtime), the latter noted as best K. */
export function keepKOneAndBest<R extends BenchRow>(rows: R[]): R[] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = `${row.case}|${row.engine}|${row.runtime}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const kept: R[] = [];
  for (const group of groups.values()) {
    if (group[0].k === undefined) {
      kept.push(...group);
      continue;
    }
    const tried = group.map((r) => r.k).join(', ');
    const one = group.find((r) => r.k === 1);
    const best = group.reduce((a, b) => (b.stepsPerSec > a.stepsPerSec ? b : a));
    const noted = (row: R): R => ({ ...row, note: `${row.note ? `${row.note}; ` : ''}best K of ${tried}` });
    if (one) kept.push(one === best ? noted(one) : one);
    if (best !== one) kept.push(noted(best));
  }
  return kept;
}

export function bestTfjs(rows: BenchRow[], name: CaseName): BenchRow | undefined {
  return rows
    .filter((r) => r.case === name && r.engine.startsWith('tfjs') && Number.isFinite(r.stepsPerSec))
    .reduce<BenchRow | undefined>((a, b) => (!a || b.stepsPerSec > a.stepsPerSec ? b : a), undefined);
}

export function torchRow(rows: BenchRow[], name: CaseName): BenchRow | undefined {
  return rows.find((r) => r.case === name && r.engine === 'torch:cpu' && Number.isFinite(r.stepsPerSec));
}

/** ours / theirs, or '' when either is missing. */
export function ratio(ours: BenchRow, theirs: BenchRow | undefined): number | null {
  if (!ours.engine.startsWith('ours') || !theirs || !Number.isFinite(ours.stepsPerSec)) return null;
  return ours.stepsPerSec / theirs.stepsPerSec;
}

const times = (value: number | null): string => (value === null ? '' : value >= 100 ? `${value.toFixed(0)}×` : `${value.toFixed(2)}×`);

/** Renders rows of cells as an aligned text table (the columns in `right` right-aligned). */
export function renderTable(lines: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const render = (l: string[]) =>
    l
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [render(lines[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(render)].join('\n');
}

export function formatTable(rows: StampedRow[]): string {
  const header = ['case', 'engine', 'ran on', 'K', 'steps/s', 'ours/tfjs', 'ours/torch', 'runs × steps', 'load 1m', 'adapter / note'];
  const lines: string[][] = [header];
  for (const name of CASE_NAMES) {
    const tfjs = bestTfjs(rows, name);
    const torch = torchRow(rows, name);
    for (const row of rows.filter((r) => r.case === name)) {
      lines.push([
        name,
        row.engine,
        row.runtime,
        row.k === undefined ? '' : String(row.k),
        rate(row.stepsPerSec),
        tfjs ? `${times(ratio(row, tfjs))}${ratio(row, tfjs) === null ? '' : ` ${tfjs.engine}`}` : '',
        times(ratio(row, torch)),
        `${row.runs} × ${row.steps}`,
        row.ranOn.load[0].toFixed(2),
        [row.adapter, row.note].filter(Boolean).join('; '),
      ]);
    }
  }
  return renderTable(lines, new Set([4]));
}

/** One row of a Markdown table: `| a | b | c |`. */
export const tableRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;
