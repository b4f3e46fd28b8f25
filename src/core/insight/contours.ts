// Contour lines of a square grid of values (marching squares) and the levels to draw them at:
// quantiles of the values, so the lines spread over the whole map even where the loss is steep.

/** A segment in grid coordinates: column and row, fractional (0 … size − 1). */
export type Segment = [number, number, number, number];

/** `count` levels at evenly spaced quantiles of the finite values (duplicates dropped). */
export function contourLevels(values: ArrayLike<number>, count: number): number[] {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0 || count < 1) return [];
  finite.sort((a, b) => a - b);
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) {
    const q = finite[Math.min(finite.length - 1, Math.floor((k / (count + 1)) * finite.length))];
    if (levels.length === 0 || q > levels[levels.length - 1]) levels.push(q);
  }
  return levels;
}

/** The segments where the surface crosses `level`; cells with a non-finite corner are skipped. */
export function contourSegments(values: ArrayLike<number>, size: number, level: number): Segment[] {
  const out: Segment[] = [];
  const at = (r: number, c: number) => values[r * size + c];
  // Where the level crosses the edge between two corners, as a fraction from the first.
  const cross = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let r = 0; r < size - 1; r++) {
    for (let c = 0; c < size - 1; c++) {
      const v00 = at(r, c);
      const v01 = at(r, c + 1);
      const v11 = at(r + 1, c + 1);
      const v10 = at(r + 1, c);
      if (!(Number.isFinite(v00) && Number.isFinite(v01) && Number.isFinite(v11) && Number.isFinite(v10))) continue;
      const code = (v00 >= level ? 8 : 0) | (v01 >= level ? 4 : 0) | (v11 >= level ? 2 : 0) | (v10 >= level ? 1 : 0);
      if (code === 0 || code === 15) continue;
      // Edge points: top (r, c→c+1), right (c+1, r→r+1), bottom (r+1, c→c+1), left (c, r→r+1).
      const top: [number, number] = [c + cross(v00, v01), r];
      const right: [number, number] = [c + 1, r + cross(v01, v11)];
      const bottom: [number, number] = [c + cross(v10, v11), r + 1];
      const left: [number, number] = [c, r + cross(v00, v10)];
      const seg = (p: [number, number], q: [number, number]) => out.push([p[0], p[1], q[0], q[1]]);
      const centre = (v00 + v01 + v11 + v10) / 4 >= level;
      switch (code) {
        case 1:
        case 14:
          seg(left, bottom);
          break;
        case 2:
        case 13:
          seg(bottom, right);
          break;
        case 3:
        case 12:
          seg(left, right);
          break;
        case 4:
        case 11:
          seg(top, right);
          break;
        case 6:
        case 9:
          seg(top, bottom);
          break;
        case 7:
        case 8:
          seg(left, top);
          break;
        case 5: // v01 and v10 high: a saddle
          if (centre) {
            seg(left, top);
            seg(bottom, right);
          } else {
            seg(top, right);
            seg(left, bottom);
          }
          break;
        case 10: // v00 and v11 high
          if (centre) {
            seg(top, right);
            seg(left, bottom);
          } else {
            seg(left, top);
            seg(bottom, right);
          }
          break;
      }
    }
  }
  return out;
}
