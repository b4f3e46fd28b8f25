// Bench rows for loading data files: time to load 100,000 and 1,000,000 rows of CSV bytes through
// the core loader (the one the webview's worker and nn-fit run), and its peak memory beyond the
// file's bytes (JS heap and array buffers, uncollected garbage included), as a multiple of the float64 data it yields (x and y: 16 bytes a row). Each size
// runs in a child process of its own, so one's garbage never counts against the other.
import { execFileSync } from 'child_process';
import { loadCsvBytes } from '../src/core/data/csv';
import { formatLoad, loadNow } from './ran-on';
import { tableRow } from './table';

export interface DataLoadRow {
  rows: number;
  fileMB: number;
  loadMs: number;
  rowsPerSec: number;
  /** Peak JS heap + array buffers above the file's bytes (sampled after every 1 MB chunk, garbage included), over the float64 data size. */
  peakOverData: number;
}

function fileOf(rows: number): Uint8Array {
  const parts = ['time,value,label\n'];
  for (let i = 0; i < rows; i++) parts.push(`${(i / 1000).toFixed(3)},${Math.sin(i / 5000).toFixed(6)},p${i % 7}\n`);
  return new TextEncoder().encode(parts.join(''));
}

/** In the child: make the file, settle, load it, report. */
function measureHere(rows: number): DataLoadRow {
  const bytes = fileOf(rows);
  (globalThis as { gc?: () => void }).gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  const started = performance.now();
  const outcome = loadCsvBytes(bytes, {}, () => {
    peak = Math.max(peak, used());
  });
  const loadMs = performance.now() - started;
  peak = Math.max(peak, used());
  if (!outcome.ok || outcome.value.data.x.length !== rows)
    throw new Error(`load failed: ${outcome.ok ? outcome.value.data.x.length : outcome.error}`);
  return {
    rows,
    fileMB: bytes.length / 1048576,
    loadMs,
    rowsPerSec: rows / (loadMs / 1000),
    peakOverData: (peak - before) / (rows * 16),
  };
}

export function benchDataLoad(): DataLoadRow[] {
  return [100_000, 1_000_000].map((rows) => {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, String(rows)], { encoding: 'utf8' });
    return JSON.parse(out) as DataLoadRow;
  });
}

export function formatDataLoad(rows: DataLoadRow[]): string {
  const lines = ['| rows | file | load | rows/s | peak memory / float64 data |', '|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    lines.push(
      tableRow([
        r.rows.toLocaleString('en-US'),
        `${r.fileMB.toFixed(1)} MB`,
        `${r.loadMs.toFixed(0)} ms`,
        Math.round(r.rowsPerSec).toLocaleString('en-US'),
        `${r.peakOverData.toFixed(2)}×`,
      ]),
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const rows = Number(process.argv[2]);
  if (Number.isInteger(rows) && rows > 0) process.stdout.write(JSON.stringify(measureHere(rows)));
  else console.log(`${formatDataLoad(benchDataLoad())}\n(load ${formatLoad(loadNow())})`);
}
