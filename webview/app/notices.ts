// What the playground tells the learner in its notice line: every message the controller shows
// about training (nothing to train, "stop after" reached, overshooting, a stop) and about a saved
// state it could not show, worded once here.
import type { StopReason } from '../training/session';

export interface Notice {
  kind: 'error' | 'warning' | 'info';
  text: string;
}

export const NOTHING_TO_TRAIN: Notice = {
  kind: 'info',
  text: 'This formula has no parameters, so there is nothing to train: use letters other than x, as in a*x**2 + b*x + c.',
};

export const NO_POINTS: Notice = {
  kind: 'info',
  text: "There are no points to fit: click on the fit chart to add some, or take the lesson's data.",
};

const steps = (count: number) => `${count} step${count === 1 ? '' : 's'}`;

/** Train pressed when the loop has already taken the steps "stop after" allows. */
export function alreadyStoppedNotice(done: number): Notice {
  return {
    kind: 'info',
    text: `Already ${steps(done)} in, where "stop after" ends the run. Reset, or set "stop after" to 0 to go on.`,
  };
}

/** Gradient descent whose loss grew from `start` to `now` by `step`. */
export function overshootNotice(lossLabel: string, start: string, now: string, step: number): Notice {
  return {
    kind: 'warning',
    text:
      `The ${lossLabel} has grown from ${start} to ${now} (step ${step}): each step overshoots the minimum. Try a ` +
      'smaller learning rate, or a schedule that lowers it.',
  };
}

/** What a run that stopped by itself says (`done` steps into its loop), or null for a pause. */
export function stoppedNotice(reason: StopReason, message: string | undefined, done: number): Notice | null {
  switch (reason) {
    case 'diverged':
      return { kind: 'error', text: `Training stopped: ${message ?? 'it diverged'}. The parameters are the last ones with a finite loss.` };
    case 'error':
      return { kind: 'error', text: message ?? 'Training failed.' };
    case 'target':
      return { kind: 'info', text: `Stopped after ${steps(done)}, as "stop after" asks.` };
    case 'paused':
      return null;
  }
}

export function restoreRefusedNotice(why: string): Notice {
  return {
    kind: 'warning',
    text: `The saved playground could not be restored: ${why}. It is kept as it was until you change something here.`,
  };
}

export const SAVED_MODEL_UNUSABLE: Notice = {
  kind: 'warning',
  text: 'The saved model could not be restored; showing the quadratic instead.',
};

export function savedDataUnusableNotice(error: string): Notice {
  return { kind: 'warning', text: `The saved data could not be restored (${error}); showing the lesson's data.` };
}
