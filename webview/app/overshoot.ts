// Watches a run for overshooting: gradient descent that makes the loss grow past twice its value
// at Train. Once it has, the warning is re-issued with the current numbers (those in the title)
// while the run goes on, since the loss may never become infinite.
import { fixed } from '../../src/core/format';
import type { LossName } from '../../src/core/eval/loss';
import { Notice, overshootNotice } from './notices';

export class OvershootWatch {
  /** The loss when Train was pressed (NaN: no run to compare with). */
  private startLoss = NaN;
  private warning = false;

  /** A run starts at `loss`. */
  begin(loss: number): void {
    this.startLoss = loss;
    this.warning = false;
  }

  /** The model or data changed: the loss at Train no longer compares. */
  forget(): void {
    this.startLoss = NaN;
  }

  /** The run stopped. */
  end(): void {
    this.warning = false;
  }

  /** The warning to show after a chunk that ended at `loss` on `step`, or null. */
  check(loss: number, lossName: LossName, step: number): Notice | null {
    const start = this.startLoss;
    if (!Number.isFinite(start) || !Number.isFinite(loss)) return null;
    if (!this.warning && !(loss > 2 * start)) return null;
    this.warning = true;
    return overshootNotice(lossName.toUpperCase(), fixed(start), fixed(loss), step);
  }
}
