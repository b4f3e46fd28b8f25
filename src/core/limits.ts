// Every limit and every closed list of names, defined once. The engine, the CLI, the host, the
// protocol's schemas and the webview's controls all read them from here, so a bound or a list
// cannot drift between the place that enforces it and the place that tells the user about it;
// every refusal names the limit it hit (with formatBytes for sizes, formatCount for counts).

/** The lesson's models that the playground and `nn-fit` can open by name. */
export const PRESET_IDS = ['quadratic', 'relu', 'doubleRelu', 'nRelus'] as const;
export type PresetId = (typeof PRESET_IDS)[number];
/** The panel's models by name: the lesson's formula presets and "Layers" (a network, src/core/model/mlp.ts). */
export const MODEL_PRESET_IDS = [...PRESET_IDS, 'layers'] as const;
export type ModelPresetId = (typeof MODEL_PRESET_IDS)[number];

/** What a network (src/core/model/mlp.ts) may be: inputs, hidden layers, neurons per layer. */
export const MLP_LIMITS = { maxInputs: 2, minHidden: 1, maxHidden: 4, maxWidth: 256 } as const;
/** Parameters of the largest network MLP_LIMITS allows (2 → 256 → 256 → 256 → 256 → 1): what a saved state may hold. */
export const MAX_NETWORK_PARAMS =
  MLP_LIMITS.maxWidth * (MLP_LIMITS.maxInputs + 1) +
  (MLP_LIMITS.maxHidden - 1) * MLP_LIMITS.maxWidth * (MLP_LIMITS.maxWidth + 1) +
  (MLP_LIMITS.maxWidth + 1);

/** Where training can run. */
export const BACKEND_NAMES = ['cpu', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** What a user can choose: a backend, or `auto` (the fastest that works for the problem). */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The y range the lesson plots its quadratic (and the sum of ReLUs) with. */
export const LESSON_Y_RANGE: readonly [number, number] = [-3, 12];
/** The y range of the lesson's plots before the MAE comes in (the function, the noise, the sliders of its §3). */
export const BY_HAND_Y_RANGE: readonly [number, number] = [-3, 13];

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
  /** Nesting depth of parentheses, calls and prefix operators in a formula. */
  formulaDepth: 200,
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
  /** A file's path or URI, as the host names it. */
  pathChars: 4096,
  /** A message in words that crosses the protocol: a refusal, what loading used and skipped. */
  messageChars: 4000,
  chapterIdChars: 100,
  /** Chapters a saved state remembers the learner's changes of (the lesson has 12). */
  chapters: 64,
  /** The generator's random seed: a 32-bit unsigned integer, as NumPy's RandomState takes. */
  seed: 0xffffffff,
} as const;

/** What a data file (CSV/TSV) may be: checked before reading (size) and while streaming (rows, columns). */
export const DATA_LIMITS = {
  /** Bytes in the file; a bigger file is refused by its size before any of it is read. */
  fileBytes: 256 * 1024 * 1024,
  /** Data rows (records after the header, used or skipped): as many as the playground takes points. */
  rows: LIMITS.points,
  /** Fields in one row. */
  columns: 1000,
  /** Characters in one row (a quote that is never closed would otherwise swallow the file). */
  rowChars: 1024 * 1024,
} as const;

export type DataLimits = { [K in keyof typeof DATA_LIMITS]: number };

/** Data sets up to this many points are kept in the saved state (a reload restores them without the file). */
export const SAVED_POINTS_LIMIT = 20_000;

/** The fit chart draws at most this many data marks; larger data sets are drawn as a random sample. */
export const CHART_POINTS_LIMIT = 4000;

/** "1.5 MB", "2.0 GB", "812 bytes": sizes in messages, with binary multiples as VS Code shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** 1,000,000: counts in messages. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
