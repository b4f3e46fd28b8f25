// Command-line flags of nn-fit, parsed into a plain description of the run.
import { LOSS_NAMES, LossName } from '../core/eval/loss';
import { GeneratorSettings, NOTEBOOK_SETTINGS } from '../core/data/generate';
import { dataFunctionFits, PLANE_DEFAULTS, type PlaneSettings } from '../core/data/generate-plane';
import { BackendName, LIMITS, MLP_LIMITS, PresetId } from '../core/limits';
import { MlpSpec, parseLayers } from '../core/model/mlp';
import { learningRateProblem, unitsProblem, validateSchedule } from '../core/train/rules';
import { Schedule } from '../core/train/sgd';

export class UsageError extends Error {}

export interface CliOptions {
  /** `network`: --model layers:<sizes>:<activation>. */
  model: { preset: PresetId } | { formula: string } | { network: MlpSpec };
  units: number;
  modelSeed: number;
  /** `plane`: generated data of two inputs (x1, x2 → y). */
  data:
    | { generator: GeneratorSettings }
    | { plane: PlaneSettings }
    | { csvPath: string; xColumn?: string; yColumn?: string; x2Column?: string };
  /** Print the data that would be trained on as CSV x,y, then exit. */
  printData: boolean;
  /** --init name=value pairs, in order (a Map: names such as __proto__ are names, not object keys); a value is one
   * number (every unit of a vector gets it) or one value per unit. */
  init: Map<string, number | number[]>;
  /** Whether --units (or --model-seed for a formula) was given: a formula without vector parameters refuses it. */
  unitsGiven: boolean;
  lr: number;
  steps: number;
  loss: LossName;
  schedule: Schedule;
  accumulateGrad: boolean;
  backend: BackendName;
  json: boolean;
  quiet: boolean;
  help: boolean;
}

const { maxInputs, minHidden, maxHidden, maxWidth } = MLP_LIMITS;
const NETWORK_BOUNDS = `1-${maxInputs} inputs, ${minHidden}-${maxHidden} hidden layers of 1-${maxWidth}`;

export const USAGE = `Usage: nn-fit [options]
Fits a model to data by gradient descent, as in the fast.ai lesson "How does a neural net really work?".

  --model <m>           quadratic | relu | double-relu | relus | a formula such as "a*x**2 + b*x + c"
                        | layers:<sizes>:<activation>, a network: sizes from input to output, e.g.
                        layers:2x64x64x1:relu (${NETWORK_BOUNDS}, output 1;
                        activation relu, tanh, sigmoid or identity, or one per hidden layer)
                        (relus is sum(w*relu(m*x + b)) + c; in a formula, parameters used only inside
                        sum(...) are vectors with one value per unit)
  --units <n>           units of --model relus or of a formula's vectors (1-${LIMITS.units}, default 16)
  --model-seed <s>      seed for the random start of relus, a formula's vectors and layers (default 0)
  --data <d>            notebook (the lesson's data, default) | path to a CSV/TSV file (header optional;
                        columns x1, x2, y: two inputs)
  --x-col <c>           the CSV's x column, by header name or 0-based index (default: the column
                        named x, else the first numeric one)
  --y-col <c>           the CSV's y column, likewise (default: the column named y, else the next numeric one)
  --x2-col <c>          the CSV's second input column, for two inputs (default: the column named x2
                        when the header has x1 and x2)
  --print-data          print the data that would be trained on as CSV x,y (every digit), then exit
  --fn <formula>        function of x the generated data follows (default "3*x**2 + 2*x + 1");
                        with two inputs, a function of x1 and x2 (default "3*x1**2 + 2*x2 + 1")
  --n <n>               number of generated points (default 20; 400 with two inputs)
  --range <min,max>     x range of generated points (default -2,2); give it twice for two
                        inputs, x1's then x2's (two inputs are also implied by a 2-input network
                        or an --fn of x1 and x2; the x2 range is then -2,2)
  --noise-mult <v>      multiplicative noise scale (default 0.15)
  --noise-add <v>       additive noise scale (default 0.5)
  --seed <s>            NumPy-compatible seed of the noise (default 42)
  --linspace torch|exact  x spacing: torch.linspace's float32 kernel bit for bit (default, as the
                        lesson) or the plain formula start + i*step in float32
  --init a=1.1,b=1.1    starting values; a vector takes one value for every unit or a list, m=[0.5,-1,2]
  --lr <rate>           learning rate (default 0.01)
  --steps <k>           number of updates (default 10)
  --loss mae|mse        loss (default mae)
  --schedule <s>        constant | step:<every>:<gamma> | exponential:<gamma> | cosine[:<min lr>]
  --accumulate-grad     never zero the gradient, as the original notebook's loop does
  --backend cpu|wasm    where to train (default cpu)
  --json                one JSON object per line for steps 0..k (step 0 is the start)
  --quiet               print only the final state
  -h, --help            show this help`;

const VALUE_FLAGS = new Set([
  '--model',
  '--units',
  '--model-seed',
  '--data',
  '--x-col',
  '--y-col',
  '--x2-col',
  '--fn',
  '--n',
  '--range',
  '--noise-mult',
  '--noise-add',
  '--seed',
  '--linspace',
  '--init',
  '--lr',
  '--steps',
  '--loss',
  '--schedule',
  '--backend',
]);
const BOOLEAN_FLAGS = new Set(['--print-data', '--accumulate-grad', '--json', '--quiet', '--help', '-h']);

const PRESET_NAMES: Record<string, PresetId> = {
  quadratic: 'quadratic',
  quad: 'quadratic',
  relu: 'relu',
  'double-relu': 'doubleRelu',
  doublerelu: 'doubleRelu',
  relus: 'nRelus',
  'n-relus': 'nRelus',
};

function number(flag: string, text: string, check: (v: number) => boolean = Number.isFinite, what = 'a finite number'): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!check(value)) throw new UsageError(`${flag} expects ${what}, got "${text}"`);
  return value;
}

const isCount = (min: number, max: number) => (v: number) => Number.isInteger(v) && v >= min && v <= max;

function parseSchedule(text: string, steps: number, lr: number): Schedule {
  const [kind, ...rest] = text.split(':');
  const values = rest.map((part) => number('--schedule', part));
  let schedule: Schedule;
  if (kind === 'constant' && values.length === 0) schedule = { kind };
  else if (kind === 'step' && values.length === 2) schedule = { kind, every: values[0], gamma: values[1] };
  else if (kind === 'exponential' && values.length === 1) schedule = { kind, gamma: values[0] };
  else if (kind === 'cosine' && values.length <= 1) schedule = { kind, steps: Math.max(1, steps), minLr: values[0] ?? 0 };
  else throw new UsageError(`--schedule expects constant, step:<every>:<gamma>, exponential:<gamma> or cosine[:<min lr>], got "${text}"`);
  const problem = validateSchedule(schedule, lr);
  if (problem) throw new UsageError(`--schedule: ${problem}`);
  return schedule;
}

/** Splits at the commas that are not inside [...]. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim());
}

function parseInit(text: string): Map<string, number | number[]> {
  const init = new Map<string, number | number[]>();
  for (const pair of topLevelParts(text)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!match) throw new UsageError(`--init expects name=value pairs separated by commas, got "${pair.trim()}"`);
    if (init.has(match[1])) throw new UsageError(`--init gives "${match[1]}" twice`);
    const list = /^\[(.*)\]$/.exec(match[2]);
    if (list) {
      const items = list[1].split(',');
      if (items.some((item) => item.trim() === ''))
        throw new UsageError(`--init: ${match[1]}=[...] expects numbers separated by commas, got "${match[2]}"`);
      init.set(
        match[1],
        items.map((item) => number('--init', item)),
      );
    } else init.set(match[1], number('--init', match[2]));
  }
  return init;
}

function parseRange(text: string): [number, number] {
  const parts = text.split(',');
  if (parts.length !== 2) throw new UsageError(`--range expects min,max, got "${text}"`);
  const range: [number, number] = [number('--range', parts[0]), number('--range', parts[1])];
  if (!(range[0] < range[1])) throw new UsageError(`--range: min must be below max, got "${text}"`);
  return range;
}

function parseNetwork(text: string): MlpSpec {
  const parsed = parseLayers(text.replace(/^\s*layers\s*:/i, ''));
  if (!parsed.ok) throw new UsageError(`--model ${text}: ${parsed.error}`);
  return parsed.spec;
}

export function parseArgs(argv: string[]): CliOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const ranges: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      if (name === '--range') ranges.push(value);
      values.set(name, value);
    } else if (BOOLEAN_FLAGS.has(arg)) {
      flags.add(arg);
    } else {
      throw new UsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  const get = (flag: string) => values.get(flag);
  const lr = get('--lr') === undefined ? 0.01 : number('--lr', get('--lr')!, (v) => !learningRateProblem(v), 'a number above 0');
  const steps = get('--steps') === undefined ? 10 : number('--steps', get('--steps')!, isCount(0, 1e9), 'a whole number of steps');

  const modelText = get('--model') ?? 'quadratic';
  const network = /^\s*layers\s*:/i.test(modelText) ? parseNetwork(modelText) : null;
  const model: CliOptions['model'] = network
    ? { network }
    : PRESET_NAMES[modelText.toLowerCase()]
      ? { preset: PRESET_NAMES[modelText.toLowerCase()] }
      : { formula: modelText };
  if (/^\s*[A-Za-z_][\w.]*\s*$/.test(modelText) && 'formula' in model) {
    throw new UsageError(`--model "${modelText}" is neither a preset (quadratic, relu, double-relu, relus) nor a formula of x`);
  }
  if (values.has('--units') && ('network' in model || ('preset' in model && model.preset !== 'nRelus')))
    throw new UsageError('--units applies to --model relus or a formula with vector parameters (inside sum(...)) only');
  if (values.has('--model-seed') && 'preset' in model && model.preset !== 'nRelus')
    throw new UsageError('--model-seed applies to --model relus, a formula with vector parameters and --model layers:… only');
  if (network && values.has('--init'))
    throw new UsageError('--init applies to formula models; a network starts from --model-seed (PyTorch nn.Linear default)');
  if (ranges.length > 2) throw new UsageError(`--range is given ${ranges.length} times: once for x, or twice for x1 and x2`);
  // Two inputs: two ranges, a network of two inputs, or a data function of x1 and x2 (not of x).
  const fnText = values.get('--fn');
  const twoInputs =
    ranges.length === 2 || network?.inputs === 2 || (fnText !== undefined && !dataFunctionFits(fnText, 1) && dataFunctionFits(fnText, 2));

  let data: CliOptions['data'];
  const dataText = get('--data') ?? 'notebook';
  if (dataText === 'notebook') {
    const generator: GeneratorSettings = { ...NOTEBOOK_SETTINGS };
    if (get('--fn') !== undefined) generator.fn = get('--fn')!;
    if (get('--n') !== undefined)
      generator.n = number('--n', get('--n')!, isCount(1, LIMITS.points), `a whole number from 1 to ${LIMITS.points}`);
    if (twoInputs) {
      generator.fn = get('--fn') ?? PLANE_DEFAULTS.fn;
      generator.n = get('--n') === undefined ? PLANE_DEFAULTS.n : generator.n;
    }
    const [range1, range2] = ranges.map(parseRange);
    if (range1) [generator.min, generator.max] = range1;
    if (get('--noise-mult') !== undefined)
      generator.mult = number('--noise-mult', get('--noise-mult')!, (v) => Number.isFinite(v) && v >= 0, 'a number >= 0');
    if (get('--noise-add') !== undefined)
      generator.add = number('--noise-add', get('--noise-add')!, (v) => Number.isFinite(v) && v >= 0, 'a number >= 0');
    if (get('--seed') !== undefined)
      generator.seed = number('--seed', get('--seed')!, isCount(0, LIMITS.seed), `a whole number from 0 to ${LIMITS.seed}`);
    for (const flag of ['--x-col', '--y-col', '--x2-col']) {
      if (values.has(flag)) throw new UsageError(`${flag} applies to --data <file.csv>, not to generated data`);
    }
    const spacing = get('--linspace');
    if (spacing !== undefined) {
      if (spacing !== 'torch' && spacing !== 'exact') throw new UsageError(`--linspace expects torch or exact, got "${spacing}"`);
      generator.linspace = spacing;
    }
    data = twoInputs
      ? { plane: { ...generator, min2: range2?.[0] ?? PLANE_DEFAULTS.min2, max2: range2?.[1] ?? PLANE_DEFAULTS.max2 } }
      : { generator };
  } else {
    for (const flag of ['--fn', '--n', '--range', '--noise-mult', '--noise-add', '--seed', '--linspace']) {
      if (values.has(flag)) throw new UsageError(`${flag} applies to generated data, not to --data ${dataText}`);
    }
    data = { csvPath: dataText, xColumn: get('--x-col'), yColumn: get('--y-col'), x2Column: get('--x2-col') };
  }

  const loss = (get('--loss') ?? 'mae') as LossName;
  if (!LOSS_NAMES.includes(loss)) throw new UsageError(`--loss expects ${LOSS_NAMES.join(' or ')}, got "${loss}"`);
  const backend = get('--backend') ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend expects cpu or wasm here (webgpu needs a browser: use the playground), got "${backend}"`);

  return {
    model,
    units:
      get('--units') === undefined
        ? 16
        : number('--units', get('--units')!, (v) => !unitsProblem(v), `a whole number from 1 to ${LIMITS.units}`),
    modelSeed:
      get('--model-seed') === undefined
        ? 0
        : number('--model-seed', get('--model-seed')!, isCount(0, LIMITS.seed), `a whole number from 0 to ${LIMITS.seed}`),
    data,
    unitsGiven: 'formula' in model && (values.has('--units') || values.has('--model-seed')),
    init: get('--init') === undefined ? new Map() : parseInit(get('--init')!),
    lr,
    steps,
    loss,
    schedule: parseSchedule(get('--schedule') ?? 'constant', steps, lr),
    accumulateGrad: flags.has('--accumulate-grad'),
    backend,
    json: flags.has('--json'),
    quiet: flags.has('--quiet'),
    help: flags.has('--help') || flags.has('-h'),
    printData: flags.has('--print-data'),
  };
}
