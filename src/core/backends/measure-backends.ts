// How "auto" (auto.ts) measures backends: each candidate opened on the problem, run for about
// `ms` after one warm-up call, then reset to the start; the ones that started, fastest first (ties
// by preference), and one line for each that did not.
import type { BackendName } from '../limits';
import type { BackendFactory, TrainingBackend, TrainingProblem } from './backend';
import { errorMessage } from '../result';

export interface BackendCandidate {
  name: BackendName;
  create: BackendFactory;
}

export interface Measurement {
  name: BackendName;
  description: string;
  stepsPerSec: number;
  /** Updates per call into the runtime (K), where the backend has one. */
  stepsPerRun?: number;
}

/** A measured backend, still open, with where it came from. */
export interface MeasuredBackend extends Measurement {
  backend: TrainingBackend;
  candidate: BackendCandidate;
  order: number;
}

export const defaultNow = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** Runs `backend` for about `ms` after one warm-up call; updates per second. Leaves it reset to `init`. */
export async function calibrate(backend: TrainingBackend, init: Float64Array, ms: number, now: () => number = defaultNow): Promise<number> {
  const base = (backend as { stepsPerRun?: number }).stepsPerRun ?? 1;
  const warm = backend as { warmUp?: () => Promise<void> };
  if (warm.warmUp) await warm.warmUp();
  await backend.run(base);
  let chunk = base;
  let steps = 0;
  let elapsed = 0;
  while (elapsed < ms) {
    const start = now();
    const result = await backend.run(chunk);
    const took = now() - start;
    elapsed += took;
    steps += result.losses.length;
    if (result.diverged) {
      await backend.reset(init);
      if (result.losses.length === 0) break;
    }
    // grow the chunk until one call takes ~1/4 of the budget: fewer timer reads, same work
    if (took < ms / 8) chunk *= 2;
  }
  await backend.reset(init);
  return elapsed > 0 ? (steps / elapsed) * 1000 : 0;
}

/** Opens and measures every candidate in turn; the open ones come back fastest first (the caller disposes them). */
export async function measureCandidates(
  problem: TrainingProblem,
  candidates: readonly BackendCandidate[],
  ms: number,
  now: () => number = defaultNow,
): Promise<{ measured: MeasuredBackend[]; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  const measured: MeasuredBackend[] = [];
  for (const [order, candidate] of candidates.entries()) {
    let backend: TrainingBackend | null = null;
    try {
      backend = await candidate.create(problem);
      const stepsPerSec = await calibrate(backend, problem.init, ms, now);
      const stepsPerRun = (backend as { stepsPerRun?: number }).stepsPerRun;
      measured.push({ name: candidate.name, description: backend.description, stepsPerSec, stepsPerRun, backend, candidate, order });
    } catch (error) {
      backend?.dispose();
      fallbacks.push(`${candidate.name}: ${errorMessage(error)}`);
    }
  }
  measured.sort((a, b) => b.stepsPerSec - a.stepsPerSec || a.order - b.order);
  return { measured, fallbacks };
}

/** What a report lists of a measurement (the open backend left out). */
export function measurementOf({ name, description, stepsPerSec, stepsPerRun }: Measurement): Measurement {
  return { name, description, stepsPerSec, stepsPerRun };
}
