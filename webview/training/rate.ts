// Two speeds of training: updates per second of backend compute time (RateMeter: what the backend
// could do), and updates per second of wall-clock time (WallRate: what the learner gets, drawing
// and waiting for frames included), each over about the last second.
export class RateMeter {
  private samples: { steps: number; ms: number }[] = [];

  add(steps: number, ms: number): void {
    this.samples.push({ steps, ms });
    let total = 0;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      total += this.samples[i].ms;
      if (total > 1000 && i > 0) {
        this.samples = this.samples.slice(i);
        break;
      }
    }
  }

  clear(): void {
    this.samples = [];
  }

  /** null until a chunk has been timed. */
  rate(): number | null {
    let steps = 0;
    let ms = 0;
    for (const s of this.samples) {
      steps += s.steps;
      ms += s.ms;
    }
    if (steps === 0) return null;
    return ms > 0 ? (steps * 1000) / ms : Infinity;
  }
}

/** Updates per wall-clock second over about the last second of chunks. */
export class WallRate {
  private samples: { steps: number; at: number }[] = [];

  /** A chunk of `steps` updates ended at time `at` (ms, performance.now()). */
  add(steps: number, at: number): void {
    this.samples.push({ steps, at });
    while (this.samples.length > 2 && at - this.samples[1].at > 1000) this.samples.shift();
  }

  clear(): void {
    this.samples = [];
  }

  /** null until two chunks have ended (the first only marks the start). */
  rate(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    let steps = 0;
    for (let i = 1; i < this.samples.length; i++) steps += this.samples[i].steps;
    const ms = last.at - first.at;
    return ms > 0 ? (steps * 1000) / ms : null;
  }
}

export function formatRate(rate: number | null): string {
  if (rate === null) return 'ready';
  if (!Number.isFinite(rate)) return 'too fast to time';
  return `${Math.round(rate).toLocaleString('en-US')} steps/s`;
}
