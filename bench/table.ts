// The printed table: per case, each engine's K = 1 row and best-K row, with the ratio to the
// fastest TensorFlow.js engine on the same case.
import { BenchRow, CaseName, CASE_NAMES } from './cases';

function where(row: BenchRow): string {
  if (row.engine === 'torch:cpu') return 'Python';
  if (row.engine.startsWith('tfjs') || row.engine === 'ours:cpu') return 'Node';
  return row.note?.startsWith('Chromium') ? 'Chromium' : 'Node';
}

function rate(value: number): string {
  if (Number.isNaN(value)) return 'missing';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  if (value >= 100) return value.toFixed(0);
  return value.toFixed(2);
}

/** The K = 1 row and the fastest row of each (engine, place), the latter noted as best K. */
export function keepKOneAndBest(rows: BenchRow[]): BenchRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const row of rows) {
    const key = `${row.case}|${row.engine}|${where(row)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const kept: BenchRow[] = [];
  for (const group of groups.values()) {
    if (group[0].k === undefined) {
      kept.push(...group);
      continue;
    }
    const tried = group.map((r) => r.k).join(', ');
    const one = group.find((r) => r.k === 1);
    const best = group.reduce((a, b) => (b.stepsPerSec > a.stepsPerSec ? b : a));
    const noted = (row: BenchRow): BenchRow => ({ ...row, note: `${row.note ? `${row.note}; ` : ''}best K of ${tried}` });
    if (one) kept.push(one === best ? noted(one) : one);
    if (best !== one) kept.push(noted(best));
  }
  return kept;
}

export function bestTfjs(rows: BenchRow[], name: CaseName): BenchRow | undefined {
  return rows
    .filter((r) => r.case === name && r.engine.startsWith('tfjs'))
    .reduce<BenchRow | undefined>((a, b) => (!a || b.stepsPerSec > a.stepsPerSec ? b : a), undefined);
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['case', 'engine', 'where', 'K', 'steps/s', 'ours/tfjs', 'runs × steps', 'adapter / note'];
  const lines: string[][] = [header];
  for (const name of CASE_NAMES) {
    const theirs = bestTfjs(rows, name);
    for (const row of rows.filter((r) => r.case === name)) {
      const ratio = row.engine.startsWith('ours') && theirs ? `${(row.stepsPerSec / theirs.stepsPerSec).toFixed(2)}× ${theirs.engine}` : '';
      lines.push([
        name,
        row.engine,
        where(row),
        row.k === undefined ? '' : String(row.k),
        rate(row.stepsPerSec),
        ratio,
        `${row.runs} × ${row.steps}`,
        [row.adapter, row.note].filter(Boolean).join('; '),
      ]);
    }
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const render = (l: string[]) =>
    l
      .map((cell, c) => (c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [render(lines[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(render)].join('\n');
}
