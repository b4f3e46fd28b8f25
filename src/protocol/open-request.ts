// What a command (or a chapter) asks the playground to show: a model preset by name, with the
// number of ReLUs for `nRelus`. Its own module so that the chapters (lesson.ts) and the messages
// (messages.ts, which re-exports it) both build on it without importing each other.
import * as v from 'valibot';
import { MODEL_PRESET_IDS } from '../core/limits';
import type { Result } from '../core/result';
import { unitsProblem } from '../core/train/rules';
import { checkWith, finite, oneOf, rule } from './check';

export const OpenRequestSchema = v.object({
  preset: oneOf(MODEL_PRESET_IDS),
  /** Number of ReLUs, for the `nRelus` preset. */
  units: v.optional(v.pipe(finite(), rule(unitsProblem))),
});
export type OpenRequest = v.InferOutput<typeof OpenRequestSchema>;

/** Checks a model request that arrives from outside the protocol (a command's argument). */
export function validateOpenRequest(raw: unknown): Result<OpenRequest> {
  return checkWith(OpenRequestSchema, raw, 'request');
}
