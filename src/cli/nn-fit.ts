// nn-fit: the core engine from the command line, for scripts, checks and benchmarks.
//   npx nn-fit --model quadratic --data notebook --init a=1.1,b=1.1,c=1.1 --lr 0.01 --steps 10 --accumulate-grad
import { NetworkProblem, Problem, TrainingBackend } from '../core/backends/backend';
import { createCpuBackend } from '../core/backends/cpu';
import { createOrtBackend } from '../core/backends/ort';
import type { Ort } from '../core/onnx/ort-types';
import { toCsv } from '../core/data/csv';
import { Dataset, generateData, inputCount } from '../core/data/generate';
import { generatePlaneData } from '../core/data/generate-plane';
import { formatLayers, initMlp } from '../core/model/mlp';
import { fixed, formatLessonLine, namedParams } from '../core/format';
import { float32Function, float32Function2 } from '../core/formula/pointwise';
import type { PresetId } from '../core/limits';
import { customModel, ModelSetup, presetModel } from '../core/model/presets';
import { StepRecord } from '../core/train/sgd';
import { CliOptions, parseArgs, UsageError, USAGE } from './args';
import { networkJsonLine } from './network-output';
import { readCsvFile } from './read-data';

function loadModel(options: CliOptions, model: { preset: PresetId } | { formula: string }, data: Dataset): ModelSetup {
  let setup: ModelSetup;
  const inputs = inputCount(data);
  if ('preset' in model) {
    if (inputs === 2) throw new UsageError(`--model ${options.model}: the presets are functions of x; the data has two inputs (x1, x2)`);
    setup = presetModel(model.preset, { units: options.units, seed: options.modelSeed });
  } else {
    const custom = customModel(model.formula, {}, {}, 1, inputs === 2 ? 2 : 1);
    if ('error' in custom) throw new UsageError(`--model "${model.formula}": ${custom.error.message}`);
    if (custom.program.paramCount === 0)
      throw new UsageError(`--model "${model.formula}" has no parameters to fit: use letters other than x, as in "a*x + b"`);
    setup = custom;
  }
  for (const [name, value] of Object.entries(options.init)) {
    const spec = setup.program.params.find((p) => p.name === name);
    if (!spec) {
      const known = setup.program.params.map((p) => p.name).join(', ') || 'none';
      throw new UsageError(`--init: the model has no parameter "${name}" (its parameters: ${known})`);
    }
    setup.init.fill(value, spec.offset, spec.offset + spec.size);
  }
  return setup;
}

function loadData(options: CliOptions): Dataset {
  if ('generator' in options.data) {
    const settings = options.data.generator;
    try {
      return generateData(settings, float32Function(settings.fn));
    } catch (error) {
      throw new UsageError(`data: ${(error as Error).message}`);
    }
  }
  if ('plane' in options.data) {
    const settings = options.data.plane;
    try {
      return generatePlaneData(settings, float32Function2(settings.fn));
    } catch (error) {
      throw new UsageError(`data: ${(error as Error).message}`);
    }
  }
  const { csvPath, xColumn, yColumn, x2Column } = options.data;
  const loaded = readCsvFile(csvPath, { x: xColumn, y: yColumn, x2: x2Column });
  if (!loaded.ok) throw new UsageError(`--data ${csvPath}: ${loaded.error}`);
  const { x, y, x2 } = loaded.columns;
  const notes = [
    loaded.skipped,
    loaded.blankLines ? `${loaded.blankLines} blank line(s) ignored` : '',
    loaded.commentLines ? `${loaded.commentLines} comment line(s) ignored` : '',
  ].filter(Boolean);
  const names = x2 ? `x1 = "${x.name}", x2 = "${x2.name}", y = "${y.name}"` : `x = "${x.name}", y = "${y.name}"`;
  if (notes.length) process.stderr.write(`nn-fit: --data ${csvPath} (${names}): ${notes.join('; ')}\n`);
  return loaded.data;
}

/** What differs between a formula and a network: the problem to train and how a step is printed. */
interface CliRun {
  problem: Problem | NetworkProblem;
  jsonLine(record: StepRecord): string;
  textLine(step: number, loss: number, params: Float64Array): string;
}

function prepareRun(options: CliOptions, data: Dataset): CliRun {
  const config = { lr: options.lr, schedule: options.schedule, loss: options.loss, accumulateGrad: options.accumulateGrad };
  if ('network' in options.model) {
    const network = options.model.network;
    if (network.inputs !== inputCount(data)) {
      throw new UsageError(
        `--model layers:${formatLayers(network)} takes ${network.inputs} input(s) but the data has ${inputCount(data)} (${inputCount(data) === 2 ? 'x1, x2' : 'x'})`,
      );
    }
    return {
      problem: { network, data, init: initMlp(network, options.modelSeed), config },
      jsonLine: (record) => networkJsonLine(network, record),
      textLine: (step, loss) => `step=${step}; loss=${fixed(loss)}`,
    };
  }
  const setup = loadModel(options, options.model, data);
  return {
    problem: { program: setup.program, data, init: setup.init, config },
    jsonLine: (record) => jsonLine(setup, record),
    textLine: (step, loss, params) => formatLessonLine(step, loss, params),
  };
}

async function createBackend(options: CliOptions, problem: Problem | NetworkProblem): Promise<TrainingBackend> {
  if (options.backend === 'wasm') {
    // onnxruntime-web's Node build is its wasm backend; loaded only when asked for.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-web') as Ort;
    ort.env.wasm.numThreads = 1; // as in the playground; worker threads would also hold the exit ~3 s
    return createOrtBackend(ort, 'wasm', problem);
  }
  return createCpuBackend(problem);
}

function jsonLine(setup: ModelSetup, record: StepRecord): string {
  return JSON.stringify({
    step: record.step,
    loss: record.loss,
    params: namedParams(setup.program, record.params),
    grad: namedParams(setup.program, record.grad),
  });
}

async function main(argv: string[], out: (line: string) => void): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    out(USAGE);
    return 0;
  }
  if (options.printData) {
    const data = loadData(options);
    out(toCsv(data).trimEnd());
    return 0;
  }
  const data = loadData(options);
  const run = prepareRun(options, data);
  const backend = await createBackend(options, run.problem);
  try {
    const start = await backend.currentStep();
    let diverged: string | undefined;
    if (options.quiet) {
      const chunk = await backend.run(options.steps);
      diverged = chunk.diverged?.reason;
      const last = await backend.currentStep();
      out(options.json ? run.jsonLine(last) : run.textLine(last.step, last.loss, last.params));
    } else if (options.json) {
      out(run.jsonLine(await backend.currentStep()));
      for (let k = 0; k < options.steps && !diverged; k++) {
        const chunk = await backend.run(1);
        diverged = chunk.diverged?.reason;
        if (!diverged) out(run.jsonLine(await backend.currentStep()));
      }
    } else {
      for (let k = 0; k < options.steps && !diverged; k++) {
        const chunk = await backend.run(1);
        diverged = chunk.diverged?.reason;
        if (!diverged) out(run.textLine(k, chunk.losses[0], chunk.params));
      }
    }
    if (diverged) {
      process.stderr.write(`nn-fit: ${diverged}\n`);
      return 1;
    }
    const end = await backend.currentStep();
    if (end.loss > 2 * start.loss) {
      process.stderr.write(
        `nn-fit: warning: the loss grew from ${fixed(start.loss)} to ${fixed(end.loss)}: the steps overshoot; try a smaller --lr or a --schedule\n`,
      );
    }
    return 0;
  } finally {
    backend.dispose();
  }
}

/** Exits once stdout is flushed: onnxruntime-web's wasm keeps compiling in the background otherwise. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) {
  main(process.argv.slice(2), (line) => process.stdout.write(line + '\n')).then(exitAfterFlush, (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`nn-fit: ${error.message}\n`);
      exitAfterFlush(2);
      return;
    }
    process.stderr.write(`nn-fit: ${(error as Error).stack ?? error}\n`);
    exitAfterFlush(1);
  });
}

export { main };
