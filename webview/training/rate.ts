// Steps per second of backend compute time, over the last chunks (about a second's worth).
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

export function formatRate(rate: number | null): string {
  if (rate === null) return 'ready';
  if (!Number.isFinite(rate)) return 'too fast to time';
  return `${Math.round(rate).toLocaleString('en-US')} steps/s`;
}
