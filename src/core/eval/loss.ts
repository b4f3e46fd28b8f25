// The losses a fit can minimise (mean absolute and mean squared error), their labels, and one
// function that computes either from predictions, with its derivative per prediction.
/** The losses the lesson uses: mean absolute error and mean squared error. */
export const LOSS_NAMES = ['mae', 'mse'] as const;
export type LossName = (typeof LOSS_NAMES)[number];
export const LOSS_LABELS: Record<LossName, string> = { mae: 'MAE', mse: 'MSE' };

/** Loss of predictions against targets; writes d loss / d prediction into `dPred` when given. */
export function lossOf(pred: Float64Array, predStride: 0 | 1, y: Float64Array, loss: LossName, dPred?: Float64Array): number {
  const n = y.length;
  let total = 0;
  if (loss === 'mae') {
    for (let i = 0; i < n; i++) {
      const d = pred[i * predStride] - y[i];
      total += Math.abs(d);
      if (dPred) dPred[i] = (d > 0 ? 1 : d < 0 ? -1 : d) / n;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = pred[i * predStride] - y[i];
      total += d * d;
      if (dPred) dPred[i] = (2 * d) / n;
    }
  }
  return total / n;
}
