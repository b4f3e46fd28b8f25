// The time from a slider move in the playground to its edit appearing in the document: median
// and 95th percentile of the recorded moves, as a figure the log, the tests and the report read.

export interface LatencySummary {
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  text: string;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export function latencySummary(samples: readonly number[]): LatencySummary {
  if (!samples.length) return { count: 0, medianMs: null, p95Ms: null, text: 'slider → edit: no moves yet' };
  const sorted = [...samples].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  const p95Ms = quantile(sorted, 0.95);
  return {
    count: sorted.length,
    medianMs,
    p95Ms,
    text: `slider → edit: median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms over ${sorted.length} moves`,
  };
}
