// Every limit on what a user can type or load, in one place: the formula box, the compiler, the
// saved state and the CLI all read these, so whatever is accepted live can also be saved.

/** Characters in a model or data formula. */
export const FORMULA_MAX_CHARS = 2000;
/** Nesting depth of parentheses, calls and prefix operators in a formula. */
export const FORMULA_MAX_DEPTH = 200;
/** Scalar values in a model's parameter vector (vector parameters count each unit). */
export const PARAMS_MAX = 4096;
/** Bytes of a CSV file the CLI reads with --data: the same as the most text the panel takes in one message. */
export const CSV_MAX_BYTES = 50_000_000;
