// The user's settings (VS Code's `nnDeepDive.*` configuration) as the host sends them: their
// schema, their defaults, and how a raw configuration becomes valid settings. The manifest's
// `contributes.configuration` states the same ranges for the Settings editor (a test compares them).
import * as v from 'valibot';
import { BACKEND_CHOICES } from '../core/limits';
import { learningRateProblem, stepsPerFrameProblem } from '../core/train/rules';
import { finite, oneOf, rule } from './check';

export const UserSettingsSchema = v.object({
  backend: oneOf(BACKEND_CHOICES),
  stepsPerFrame: v.pipe(finite(), rule(stepsPerFrameProblem)),
  learningRate: v.pipe(finite(), rule(learningRateProblem)),
});

/** The defaults a new playground starts from. */
export type UserSettings = v.InferOutput<typeof UserSettingsSchema>;

export const DEFAULT_SETTINGS: UserSettings = { backend: 'auto', stepsPerFrame: 10, learningRate: 0.01 };

/** Settings from the user's configuration, with anything out of range replaced by its default. */
export function normalizeSettings(raw: Partial<Record<keyof UserSettings, unknown>>): UserSettings {
  const field = <K extends keyof UserSettings>(key: K): UserSettings[K] => {
    const checked = v.safeParse(UserSettingsSchema.entries[key], raw[key]);
    return checked.success ? (checked.output as UserSettings[K]) : DEFAULT_SETTINGS[key];
  };
  return { backend: field('backend'), stepsPerFrame: field('stepsPerFrame'), learningRate: field('learningRate') };
}
