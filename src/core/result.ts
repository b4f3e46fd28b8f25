// How the project carries a failure. One style everywhere:
// - an expected failure (bad input: a formula, a CSV, a setting, a message, a saved state) is a
//   value, `Result<T>` = `{ ok: true, value } | { ok: false, error }`, with `error` a message a
//   person can read (or a richer error object where the caller needs more, e.g. a position); a few
//   older parsers name their payload instead of `value` (`compileFormula`'s `program`,
//   `parseCsv`'s `data`, `parseLayers`'s `spec`), the same shape otherwise;
// - a check that produces nothing but a verdict (`learningRateProblem`, `validateMlp`) returns the
//   problem in words, or null when there is none: the `error` half of a Result<void>;
// - an exception (an Error subclass such as DataError) only for what the caller cannot go on
//   from, or inside a module that turns it into a Result at its edge;
// - `errorMessage` is the one way to turn something caught into text.

export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E = string>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** The message of something caught (an Error or anything thrown); never throws itself. */
export function errorMessage(error: unknown, options: { stack?: boolean } = {}): string {
  try {
    if (error instanceof Error) return (options.stack && error.stack) || error.message;
    return String(error);
  } catch {
    return 'an error that cannot be shown';
  }
}
