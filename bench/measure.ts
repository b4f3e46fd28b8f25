// Timing: a warm-up, a run length that takes ~targetMs, then the median rate of a few runs.
export interface Measured {
  stepsPerSec: number;
  steps: number;
  runs: number;
}

export interface MeasureOptions {
  /** Wall time one timed run should take. */
  targetMs?: number;
  runs?: number;
  /** Run lengths stay multiples of this (K for the runtimes that take K updates per call). */
  multipleOf?: number;
  /** Stop growing the run length at this many steps. */
  maxSteps?: number;
}

const now = (): number => performance.now();

export async function measure(step: (steps: number) => Promise<unknown> | unknown, options: MeasureOptions = {}): Promise<Measured> {
  const targetMs = options.targetMs ?? 300;
  const runs = options.runs ?? 5;
  const unit = options.multipleOf ?? 1;
  const maxSteps = options.maxSteps ?? 1e9;
  await step(unit); // warm-up: compilation, JIT, first GPU pipelines
  let steps = unit;
  for (;;) {
    const start = now();
    await step(steps);
    const took = now() - start;
    if (took >= targetMs / 4 || steps >= maxSteps) {
      steps = Math.max(unit, Math.min(maxSteps, Math.round((steps * targetMs) / Math.max(took, 1e-3) / unit) * unit));
      break;
    }
    steps *= took < targetMs / 64 ? 8 : 2;
  }
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = now();
    await step(steps);
    rates.push((steps / (now() - start)) * 1000);
  }
  rates.sort((a, b) => a - b);
  return { stepsPerSec: rates[Math.floor(rates.length / 2)], steps, runs };
}
