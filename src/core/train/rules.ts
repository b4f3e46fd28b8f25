// The valid range of every training setting, each defined once as a function that returns what
// is wrong (a sentence naming the setting) or null. The playground's Train section, `nn-fit`'s
// options and the protocol's schemas for saved states and host messages all call these, so a
// value one of them refuses the others refuse too, with the same words.
import { LIMITS } from '../limits';
import type { Schedule } from './sgd';

const isWhole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

/** The learning rate: a finite number above 0. */
export function learningRateProblem(lr: number): string | null {
  return Number.isFinite(lr) && lr > 0 ? null : 'The learning rate must be a number above 0, such as 0.01.';
}

export function stepsPerFrameProblem(steps: number): string | null {
  return isWhole(steps, 1, LIMITS.stepsPerFrame)
    ? null
    : `Steps per frame must be a whole number from 1 to ${LIMITS.stepsPerFrame.toLocaleString('en-US')}.`;
}

/** "Stop at": a whole number of steps, 0 for never. */
export function stopAtProblem(steps: number): string | null {
  return isWhole(steps, 0, LIMITS.steps) ? null : '"Stop at" must be a whole number of steps (0 for never).';
}

/** The number of ReLUs (or the length of a vector parameter). */
export function unitsProblem(units: number): string | null {
  return isWhole(units, 1, LIMITS.units) ? null : `The number of ReLUs must be a whole number from 1 to ${LIMITS.units}.`;
}

const isGamma = (gamma: number) => Number.isFinite(gamma) && gamma > 0 && gamma <= 1;

/**
 * A learning-rate schedule: decay factors in (0, 1], step counts whole and at least 1, the cosine
 * floor at least 0 and, when the base rate `lr` is given, below it (else the "decay" would rise).
 */
export function validateSchedule(schedule: Schedule, lr?: number): string | null {
  switch (schedule.kind) {
    case 'constant':
      return null;
    case 'step':
      if (!isWhole(schedule.every, 1, LIMITS.steps)) return 'step decay: "every" must be a whole number of steps, at least 1';
      return isGamma(schedule.gamma) ? null : 'step decay: gamma must be in (0, 1]';
    case 'exponential':
      return isGamma(schedule.gamma) ? null : 'exponential decay: gamma must be in (0, 1]';
    case 'cosine':
      if (!isWhole(schedule.steps, 1, LIMITS.steps)) return 'cosine: the number of steps must be a whole number, at least 1';
      if (!(Number.isFinite(schedule.minLr) && schedule.minLr >= 0)) return 'cosine: the minimum rate must be 0 or more';
      return lr === undefined || schedule.minLr < lr ? null : 'cosine: the minimum rate must be below the learning rate';
    default:
      return 'the schedule must be constant, step, exponential or cosine';
  }
}
