// Every limit and every closed list of names, defined once. The engine, the CLI, the protocol's
// schemas and the webview's controls all read them from here, so a bound or a list cannot drift
// between the place that enforces it and the place that tells the user about it.

/** The lesson's models that the playground and `nn-fit` can open by name. */
export const PRESET_IDS = ['quadratic', 'relu', 'doubleRelu', 'nRelus'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** Where training can run. */
export const BACKEND_NAMES = ['cpu', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** What a user can choose: a backend, or `auto` (the fastest that works for the problem). */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The y range the lesson plots its quadratic (and the sum of ReLUs) with. */
export const LESSON_Y_RANGE: readonly [number, number] = [-3, 12];

/** Bounds on what a user can make and what a message or a saved state may carry. */
export const LIMITS = {
  /** ReLUs in "N ReLUs", and the length of any vector parameter. */
  units: 256,
  /** Vector parameters in one formula. */
  vectors: 16,
  /** Scalar parameters of one model (all vectors flattened). */
  params: 4096,
  /** Data points, generated or loaded. */
  points: 1_000_000,
  /** Characters of a formula (the model's, the generator's, a kept custom one). */
  formulaChars: 2000,
  /** Gradient-descent updates between two redraws. */
  stepsPerFrame: 100_000,
  /** "Stop at" and any other step count a user types. */
  steps: 1_000_000_000,
  /** Points the loss curve keeps (it thins itself past this). */
  lossCurvePoints: 2000,
  /** Lines the step log keeps, and the longest one. */
  logLines: 1000,
  logLineChars: 10_000,
  /** A CSV file's text, a copied text or an image sent across the protocol. */
  textChars: 50_000_000,
  /** A file name, a label, a chapter id. */
  nameChars: 1000,
  labelChars: 200,
  chapterIdChars: 100,
  /** The generator's random seed: a 32-bit unsigned integer, as NumPy's RandomState takes. */
  seed: 0xffffffff,
} as const;
