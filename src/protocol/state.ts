// The saved playground state: what the webview persists (VS Code keeps it across a window reload,
// the host remembers it for "Open Playground"), as one valibot schema from which both its
// TypeScript types and its runtime check come. `validateState` is the only way in.
import * as v from 'valibot';
import { validateSettings } from '../core/data/generate';
import { LINSPACE_MODES } from '../core/data/linspace';
import { LOSS_NAMES } from '../core/eval/loss';
import { compileFormula } from '../core/formula/compile';
import { flatParamNames } from '../core/formula/program';
import { float32Function, float32Function2 } from '../core/formula/pointwise';
import { validatePlaneSettings } from '../core/data/generate-plane';
import { BACKEND_CHOICES, DATA_LIMITS, LIMITS, MAX_NETWORK_PARAMS, MLP_LIMITS, MODEL_PRESET_IDS } from '../core/limits';
import { mlpParamCount, validateMlp } from '../core/model/mlp';
import { ACTIVATIONS } from '../core/tensor/ops';
import { errorMessage, Result } from '../core/result';
import { learningRateProblem, stepsPerFrameProblem, stopAtProblem, validateSchedule } from '../core/train/rules';
import { migrateState } from './migrate';
import { checkWith, finite, literal, numbers, oneOf, pair, recordOf, rule, text, whole } from './check';
import { ViewsStateSchema } from './views';

/** Bumped with every change of a persisted field; migrate.ts brings older states up to it. */
export const STATE_VERSION = 4;

/** The "Layers" model: a network (src/core/model/mlp.ts) and the seed its weights start from. */
export const NetworkStateSchema = v.pipe(
  v.object({
    inputs: whole(1, MLP_LIMITS.maxInputs),
    hidden: v.pipe(
      v.array(v.object({ width: whole(1, MLP_LIMITS.maxWidth), activation: oneOf(ACTIVATIONS) }), 'must be a list of layers'),
      v.maxLength(MLP_LIMITS.maxHidden, `has more than ${MLP_LIMITS.maxHidden} hidden layers`),
    ),
    /** The seed of the nn.Linear-default start (initMlp). */
    seed: whole(0, LIMITS.seed),
  }),
  rule((network) => validateMlp(network)),
);

export const ModelStateSchema = v.pipe(
  v.object({
    preset: oneOf([...MODEL_PRESET_IDS, 'custom']),
    /** The formula; for "Layers", the network written as the CLI's --model (`1x8x8x1:relu`), for people. */
    formula: text(LIMITS.formulaChars),
    /** Vector parameters and their length (the N of "N ReLUs"); empty for scalar models. */
    vectors: recordOf(whole(1, LIMITS.units), LIMITS.vectors),
    /** The network, for the "Layers" preset (and only for it). */
    network: v.optional(NetworkStateSchema),
    /** 2 for a formula of x1 and x2 (data of two inputs); absent for a formula of x (a network says its own inputs). */
    inputs: v.optional(literal(2)),
  }),
  v.check((m) => new Set(Object.values(m.vectors)).size <= 1, 'must give all vector parameters the same length'),
  v.check((m) => (m.preset === 'layers') === (m.network !== undefined), 'must have a network exactly when the preset is "layers"'),
  v.check((m) => m.inputs === undefined || m.preset === 'custom', 'must be a custom formula to take two inputs (x1, x2)'),
);

export const GeneratorSettingsSchema = v.pipe(
  v.object({
    fn: text(LIMITS.formulaChars),
    n: whole(1, LIMITS.points),
    min: finite(),
    max: finite(),
    mult: finite(),
    add: finite(),
    seed: whole(0, LIMITS.seed),
    /** x spacing: torch.linspace bit for bit (absent: the same) or the plain formula. */
    linspace: v.optional(oneOf(LINSPACE_MODES)),
    /** The range of x2, for data of two inputs (fn of x1 and x2, generate-plane.ts); absent for one input. */
    min2: v.optional(finite()),
    max2: v.optional(finite()),
  }),
  v.check((s) => (s.min2 === undefined) === (s.max2 === undefined), 'must give both ends of the x2 range, or neither'),
  rule((settings) => formulaProblem(() => (isPlane(settings) ? float32Function2(settings.fn) : float32Function(settings.fn)))),
  // The generator's own rule (min < max, noise >= 0, ...), the one the data loader applies.
  rule((settings) => formulaProblem(() => (isPlane(settings) ? validatePlaneSettings(settings) : validateSettings(settings)))),
);

/** Whether generator settings describe data of two inputs. */
export function isPlane<T extends { min2?: number; max2?: number }>(settings: T): settings is T & { min2: number; max2: number } {
  return settings.min2 !== undefined && settings.max2 !== undefined;
}

/** The user's own points: a CSV file, a file dropped on the panel, or points drawn by hand. */
export const CsvDataSchema = v.pipe(
  v.object({
    kind: literal('csv'),
    name: text(LIMITS.nameChars),
    /** The points, when there are few enough to save (SAVED_POINTS_LIMIT); empty when `path` must be read again. */
    x: numbers(LIMITS.points),
    y: numbers(LIMITS.points),
    /** The second input, for data of two inputs (x1, x2 → y); absent for one input. */
    x2: v.optional(numbers(LIMITS.points)),
    source: v.optional(oneOf(['file', 'drop', 'drawn'])),
    /** The file to read again after a reload, as the host names it (a URI). */
    path: v.optional(text(LIMITS.pathChars)),
    /** The columns used: header names and 0-based indices. */
    columns: v.optional(
      v.pipe(
        v.object({
          x: text(LIMITS.nameChars),
          y: text(LIMITS.nameChars),
          xIndex: whole(0, DATA_LIMITS.columns - 1),
          yIndex: whole(0, DATA_LIMITS.columns - 1),
          /** The second input's column, for data of two inputs (read again with the file after a reload). */
          x2: v.optional(text(LIMITS.nameChars)),
          x2Index: v.optional(whole(0, DATA_LIMITS.columns - 1)),
        }),
        v.check((c) => (c.x2 === undefined) === (c.x2Index === undefined), 'must give the x2 column by name and index, or neither'),
      ),
    ),
    /** Points in the data set (x.length when they are saved). */
    count: v.optional(whole(0, LIMITS.points)),
    /** What loading used and skipped, in words. */
    summary: v.optional(text(LIMITS.messageChars)),
    /** The file's modification time when it was read (ms since 1970). */
    mtime: v.optional(finite()),
  }),
  v.check((d) => d.x.length === d.y.length, 'must have x and y of the same length'),
  v.check((d) => d.x2 === undefined || d.x2.length === d.x.length, 'must have x1 and x2 of the same length'),
  v.check(
    (d) => d.x.length >= 2 || (d.x.length === 0 && d.path !== undefined) || d.source === 'drawn',
    'must have at least 2 points, or a path to read them from',
  ),
);

export const DataStateSchema = v.variant(
  'kind',
  [v.object({ kind: literal('generator'), settings: GeneratorSettingsSchema }), CsvDataSchema],
  'must be generator or csv data',
);

export const ScheduleSchema = v.pipe(
  v.variant(
    'kind',
    [
      v.object({ kind: literal('constant') }),
      v.object({ kind: literal('step'), every: finite(), gamma: finite() }),
      v.object({ kind: literal('exponential'), gamma: finite() }),
      v.object({ kind: literal('cosine'), steps: finite(), minLr: finite() }),
    ],
    'must be a constant, step, exponential or cosine schedule',
  ),
  // Every range of a schedule (gamma in (0, 1], whole step counts, the floor) is core's rule.
  rule((schedule) => validateSchedule(schedule)),
);

export const TrainControlsSchema = v.pipe(
  v.object({
    lr: v.pipe(finite(), rule(learningRateProblem)),
    schedule: ScheduleSchema,
    stepsPerFrame: v.pipe(finite(), rule(stepsPerFrameProblem)),
    loss: oneOf(LOSS_NAMES),
    /** Add each step's gradient to the previous ones, as the original notebook's loop does. */
    accumulateGrad: v.boolean('must be true or false'),
    backend: oneOf(BACKEND_CHOICES),
    /** Train pauses by itself after this many steps; 0 = never. */
    stopAt: v.pipe(finite(), rule(stopAtProblem)),
  }),
  // Rules across fields: the cosine floor below the rate it decays from.
  rule((train) => validateSchedule(train.schedule, train.lr)),
);

export const HistoryStateSchema = v.pipe(
  v.object({
    /** Loss curve, down-sampled: step numbers and the loss before that step's update. */
    steps: numbers(LIMITS.lossCurvePoints),
    losses: numbers(LIMITS.lossCurvePoints),
    /** The step log in the lesson's printed format, newest last. */
    log: v.pipe(
      v.array(text(LIMITS.logLineChars), 'must be a list of lines'),
      v.maxLength(LIMITS.logLines, `has more than ${LIMITS.logLines} lines`),
    ),
  }),
  v.check((h) => h.steps.length === h.losses.length, 'must have steps and losses of the same length'),
);

/** Where the log's step=0 is: the notebook's loop starts after its one manual step (0 when absent). */
const LoopStartSchema = v.optional(whole(0, Number.MAX_SAFE_INTEGER));

/** A chapter as the learner left it: the part of the state a chapter sets up, and their run in it. */
const ChapterFieldsSchema = v.object({
  model: ModelStateSchema,
  /** Start values (Reset returns here), flat, in the program's parameter order (a network's: W1, b1, W2, …). */
  init: numbers(MAX_NETWORK_PARAMS),
  /** Current values, flat. */
  params: numbers(MAX_NETWORK_PARAMS),
  /** Slider range per flat parameter name. */
  ranges: recordOf(pair(), LIMITS.params),
  /** The chart's y range: the lesson's for this model, or null for automatic. */
  yDomain: v.nullable(pair()),
  data: DataStateSchema,
  train: TrainControlsSchema,
  step: whole(0, Number.MAX_SAFE_INTEGER),
  /** The accumulated gradient through the last update (accumulate mode), so training resumes exactly. */
  direction: v.optional(numbers(MAX_NETWORK_PARAMS)),
  history: HistoryStateSchema,
  /** The step the log numbers step=0 (the notebook's loop starts after its one manual step); 0 when absent. */
  loopStart: LoopStartSchema,
});

export const ChapterSnapshotSchema = v.pipe(
  ChapterFieldsSchema,
  v.check((s) => s.init.length === s.params.length, 'must have init and params of the same length'),
  rule((s: v.InferOutput<typeof ChapterFieldsSchema>) => modelProblem(s)),
);

// The whole state: what a chapter owns (above), plus what belongs to the panel as a whole.
const StateFieldsSchema = v.object({
  version: literal(STATE_VERSION),
  ...ChapterFieldsSchema.entries,
  chapter: v.nullable(text(LIMITS.chapterIdChars)),
  /** The user's last own formula, kept when they switch to a preset. */
  customFormula: v.nullable(text(LIMITS.formulaChars)),
  /** The user's last CSV data, kept when a chapter or the generator replaces it, to bring it back. */
  userCsv: v.optional(v.nullable(CsvDataSchema)),
  /** When the webview saved it (ms since 1970), to pick the newest of two saved copies. */
  savedAt: v.optional(finite()),
  /** What the learner made of each chapter they left, by chapter id: opening it again brings it back. */
  chapterStates: v.optional(recordOf(ChapterSnapshotSchema, LIMITS.chapters)),
  /** The open "see why it learns" views and their choices (webview/views). */
  views: v.optional(ViewsStateSchema),
});

export const PlaygroundStateSchema = v.pipe(
  StateFieldsSchema,
  v.check((s) => s.init.length === s.params.length, 'must have init and params of the same length'),
  // What the playground's loader relies on: the formula compiles with these vectors, into as many
  // parameters as the state holds values, each with a slider range; a kept gradient of that length.
  rule((s: v.InferOutput<typeof StateFieldsSchema>) => modelProblem(s)),
);

/** `run`'s exception as a problem, or null when it runs. */
function formulaProblem(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

/** The fields of a state (or a chapter snapshot) that the model check reads. */
interface ModelFields {
  model: {
    formula: string;
    vectors: Record<string, number>;
    network?: { inputs: number; hidden: { width: number; activation: string }[] };
    inputs?: 2;
  };
  params: number[];
  ranges: Record<string, [number, number]>;
  direction?: number[];
}

function modelProblem(s: ModelFields): string | null {
  if (s.model.network) return networkProblem(s, s.model.network as Parameters<typeof mlpParamCount>[0]);
  if (s.params.length > LIMITS.params) return `a formula has at most ${LIMITS.params} parameters, the state holds ${s.params.length}`;
  let compiled;
  try {
    compiled = compileFormula(s.model.formula, { vectors: s.model.vectors, inputs: s.model.inputs });
  } catch (error) {
    return `the model ${JSON.stringify(s.model.formula.slice(0, 80))} does not compile: ${errorMessage(error)}`;
  }
  if (!compiled.ok) return `the model ${JSON.stringify(s.model.formula.slice(0, 80))} does not compile: ${compiled.error.message}`;
  const names = flatParamNames(compiled.program);
  if (names.length !== s.params.length) return `the model has ${names.length} parameters but the state holds ${s.params.length} values`;
  const missing = names.find((name) => !Object.prototype.hasOwnProperty.call(s.ranges, name));
  if (missing !== undefined) return `the parameter ${missing} has no slider range`;
  if (s.direction && s.direction.length !== s.params.length)
    return `the kept gradient has ${s.direction.length} values for ${s.params.length} parameters`;
  return null;
}

/** What the network loader relies on: as many values as the network has weights and biases; no sliders needed. */
function networkProblem(s: ModelFields, network: Parameters<typeof mlpParamCount>[0]): string | null {
  const count = mlpParamCount(network);
  if (count !== s.params.length) return `the network has ${count} parameters but the state holds ${s.params.length} values`;
  if (s.direction && s.direction.length !== count) return `the kept gradient has ${s.direction.length} values for ${count} parameters`;
  return null;
}

export type NetworkState = v.InferOutput<typeof NetworkStateSchema>;
export type ModelState = v.InferOutput<typeof ModelStateSchema>;
export type DataState = v.InferOutput<typeof DataStateSchema>;
export type CsvDataState = v.InferOutput<typeof CsvDataSchema>;
/** The user's own data (a file, a drop, drawn points). */
export type UserData = CsvDataState;
export type TrainControls = v.InferOutput<typeof TrainControlsSchema>;
export type HistoryState = v.InferOutput<typeof HistoryStateSchema>;
export type PlaygroundState = v.InferOutput<typeof PlaygroundStateSchema>;
export type ChapterSnapshot = v.InferOutput<typeof ChapterSnapshotSchema>;

/**
 * Checks a persisted playground state (from VS Code's serializer, the host's memory or the
 * webview's own), migrating one saved by an earlier version first; never throws.
 */
export function validateState(raw: unknown): Result<PlaygroundState> {
  let current: unknown;
  try {
    current = migrateState(raw);
  } catch (error) {
    return { ok: false, error: `state could not be read (${errorMessage(error)})` };
  }
  return checkWith(PlaygroundStateSchema, current, 'state');
}
