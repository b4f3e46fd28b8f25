// The path training has taken: the parameters after every chunk of training, in full (so the
// landscape can project it onto any two), with a break where the learner moved a slider, cleared
// by Reset or a new model or data set. Thinned by half when it grows long.
export const MAX_PATH_POINTS = 4000;

export class TrainingPath {
  /** Parameter vectors in order; null marks a break (a hand-made move). */
  points: (Float64Array | null)[] = [];

  /** How many positions it holds (breaks not counted). */
  get count(): number {
    let n = 0;
    for (const p of this.points) if (p !== null) n++;
    return n;
  }

  /** Training moved the parameters to `params`; `from` is where they were (the start of a segment). */
  add(params: Float64Array, from: Float64Array | null): void {
    const last = this.points[this.points.length - 1];
    if ((last === undefined || last === null) && from) this.points.push(Float64Array.from(from));
    this.points.push(Float64Array.from(params));
    if (this.points.length > MAX_PATH_POINTS) this.thin();
  }

  /** The learner moved a parameter by hand: the next training starts a new segment. */
  interrupt(): void {
    if (this.points.length && this.points[this.points.length - 1] !== null) this.points.push(null);
  }

  clear(): void {
    this.points = [];
  }

  /** Keeps every other position of each segment (and its last one). */
  private thin(): void {
    const kept: (Float64Array | null)[] = [];
    let index = 0;
    this.points.forEach((p, k) => {
      if (p === null) {
        kept.push(null);
        index = 0;
        return;
      }
      const next = this.points[k + 1];
      if (index % 2 === 0 || next === null || next === undefined) kept.push(p);
      index++;
    });
    this.points = kept;
  }
}
