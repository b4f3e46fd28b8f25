// How a diverged run is named, in one wording for every trainer (the CPU trainer, the ONNX
// backend, the CLI): what became non-finite, and the reason a backend reports with its step.

/** What is not finite in a step's loss, parameters and gradient ("the loss became NaN", …), or null. */
export function divergenceCause(loss: number, params: ArrayLike<number>, grad: ArrayLike<number>): string | null {
  if (!Number.isFinite(loss)) return `the loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'}`;
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i]) || !Number.isFinite(grad[i])) {
      return `a ${Number.isFinite(params[i]) ? 'gradient' : 'parameter'} became NaN or infinite`;
    }
  }
  return null;
}

/** The ONNX backend's cause when its float32 arithmetic overflowed while the float64 check finds nothing. */
export const OUTGREW_FLOAT32 = 'the parameters and gradient outgrew float32';

const ADVICE = 'try a smaller learning rate';

/** The reason a backend reports for a run that diverged at `step`. */
export function divergenceReason(step: number, cause: string): string {
  return `diverged at step ${step}: ${cause}; ${ADVICE}`;
}

/** The cause inside a reason made by divergenceReason (a reason of another form is returned whole). */
export function causeOf(reason: string): string {
  const match = /^diverged at step \d+: (.*); try a smaller learning rate$/s.exec(reason);
  return match ? match[1] : reason;
}
