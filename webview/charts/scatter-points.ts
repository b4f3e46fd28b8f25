// Hands the fit chart's scatter view a new set of points a slice at a time, letting the page run
// between slices. Vega runs its encoders through an expression interpreter (the page's CSP has no
// 'unsafe-eval'): tens of µs a point under load, so 4,000 points given at once were one task of
// 200 ms and more; a slice of 250 is a short one. Only new data goes this way; a point dragged by
// hand replaces them at once (no flicker).
import { changeset, View } from 'vega';
import { yieldToPage } from '../ui/yield';

export const POINTS_PER_SLICE = 250;

/**
 * Replaces the rows of data set `name` with `rows`, slice by slice; stops early (returning false)
 * once `wanted()` says a newer set replaced this one.
 */
export async function replaceRowsInSlices(view: View, name: string, rows: object[], wanted: () => boolean): Promise<boolean> {
  // The old rows go first, with whatever else changed (the domain signals: new axes), in a task of their own.
  await view
    .change(
      name,
      changeset()
        .remove(() => true)
        .insert(rows.length > POINTS_PER_SLICE ? [] : rows),
    )
    .runAsync();
  for (let at = 0; rows.length > POINTS_PER_SLICE && at < rows.length; at += POINTS_PER_SLICE) {
    await yieldToPage();
    if (!wanted()) return false;
    await view.change(name, changeset().insert(rows.slice(at, at + POINTS_PER_SLICE))).runAsync();
  }
  return true;
}
