// nn-fit: the core engine from the command line, for scripts, checks and benchmarks.
//   npx nn-fit --model quadratic --data notebook --init a=1.1,b=1.1,c=1.1 --lr 0.01 --steps 10 --accumulate-grad
import { createBackend } from '../core/backends/auto';
import type { NetworkProblem, Problem } from '../core/backends/backend';
import type { Ort } from '../core/onnx/ort-types';
import { toCsv } from '../core/data/csv';
import { Dataset, generateData, inputCount } from '../core/data/generate';
import { generatePlaneData } from '../core/data/generate-plane';
import { formatLayers, initMlp } from '../core/model/mlp';
import { fixed, formatLessonLine, namedParams } from '../core/format';
import { float32Function, float32Function2 } from '../core/formula/pointwise';
import type { PresetId } from '../core/limits';
import { formulaModel, ModelSetup, presetModel } from '../core/model/presets';
import { extentOf } from '../core/model/unit-start';
import { StepRecord } from '../core/train/sgd';
import { CliOptions, parseArgs, UsageError, USAGE } from './args';
import { networkJsonLine } from './network-output';
import { readCsvFile } from './read-data';
import { causeOf, divergenceCause } from '../core/train/divergence';

function loadModel(options: CliOptions, model: { preset: PresetId } | { formula: string }, data: Dataset): ModelSetup {
  let setup: ModelSetup;
  const inputs = inputCount(data);
  const extent = extentOf(data.x, data.y);
  if ('preset' in model) {
    if (inputs === 2) throw new UsageError(`--model ${options.model}: the presets are functions of x; the data has two inputs (x1, x2)`);
    setup = presetModel(model.preset, { units: options.units, seed: options.modelSeed, extent });
  } else {
    const formula = model.formula;
    const custom = formulaModel(formula, { units: options.units, seed: options.modelSeed, extent, inputs: inputs === 2 ? 2 : 1 });
    if ('error' in custom) throw new UsageError(`--model "${formula}": ${custom.error.message}`);
    if (custom.program.paramCount === 0)
      throw new UsageError(`--model "${formula}" has no parameters to fit: use letters other than x, as in "a*x + b"`);
    if (options.unitsGiven && Object.keys(custom.vectors).length === 0)
      throw new UsageError(
        `--units and --model-seed need vector parameters, and "${formula}" has none: use them inside sum(...), as in "sum(w*relu(m*x + b)) + c"`,
      );
    setup = custom;
  }
  for (const [name, value] of options.init) {
    const spec = setup.program.params.find((p) => p.name === name);
    if (!spec) {
      const known = setup.program.params.map((p) => p.name).join(', ') || 'none';
      throw new UsageError(`--init: the model has no parameter "${name}" (its parameters: ${known})`);
    }
    if (typeof value === 'number') setup.init.fill(value, spec.offset, spec.offset + spec.size);
    else if (value.length !== spec.size)
      throw new UsageError(
        `--init: ${name} has ${spec.size} value${spec.size > 1 ? 's' : ''} ` +
          `(${spec.size > 1 ? '--units ' + spec.size : 'a scalar'}), got a list of ${value.length}`,
      );
    else setup.init.set(value, spec.offset);
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
        `--model layers:${formatLayers(network)} takes ${network.inputs} input(s) ` +
          `but the data has ${inputCount(data)} (${inputCount(data) === 2 ? 'x1, x2' : 'x'})`,
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

/** onnxruntime-web's Node build (its wasm backend), loaded only when --backend wasm asks for it. */
function loadNodeOrt(): Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load: the CLI starts without it for cpu
  const ort = require('onnxruntime-web') as Ort;
  ort.env.wasm.numThreads = 1; // as in the playground; worker threads would also hold the exit ~3 s
  return ort;
}

function jsonLine(setup: ModelSetup, record: StepRecord): string {
  return JSON.stringify({
    step: record.step,
    loss: record.loss,
    params: namedParams(setup.program, record.params),
    grad: namedParams(setup.program, record.grad),
  });
}

/** Why a record cannot be kept (a loss, parameter or gradient that is NaN or infinite), or null. */
function divergenceOf(record: StepRecord): string | null {
  return divergenceCause(record.loss, record.params, record.grad);
}

/** A JSON line marked as the kept state (the last finite one) of a run that diverged. */
function keptJson(line: string): string {
  return line.replace(/\}$/, ',"kept":true}');
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
  const backend = await createBackend(options.backend, run.problem, { ort: options.backend === 'wasm' ? loadNodeOrt() : null });
  const print = (record: StepRecord) => out(options.json ? run.jsonLine(record) : run.textLine(record.step, record.loss, record.params));
  try {
    const start = await backend.currentStep();
    // `kept` is the last state whose loss, parameters and gradient are all finite.
    let kept = start;
    const startProblem = divergenceOf(start);
    let failure: { step: number; reason: string } | undefined = startProblem ? { step: 0, reason: startProblem } : undefined;
    if (options.quiet && !failure) {
      const chunk = await backend.run(Math.max(0, options.steps - 1));
      let diverged = chunk.diverged;
      let before: StepRecord | undefined;
      if (!diverged && options.steps > 0) {
        before = await backend.currentStep();
        diverged = (await backend.run(1)).diverged;
      }
      if (diverged) {
        // The trainer restored the parameters of the step before the one that diverged.
        failure = diverged;
        kept = { ...(await backend.currentStep()), step: diverged.step - 1 };
      } else {
        const end = await backend.currentStep();
        const problem = divergenceOf(end);
        if (problem) {
          failure = { step: end.step, reason: problem };
          kept = before ?? start;
        } else kept = end;
      }
      if (!failure) print(kept);
    } else if (!failure) {
      if (options.json) print(start);
      for (let k = 0; k < options.steps; k++) {
        const chunk = await backend.run(1);
        const record = await backend.currentStep();
        const problem = chunk.diverged?.reason ?? divergenceOf(record);
        if (problem) {
          failure = { step: chunk.diverged?.step ?? record.step, reason: problem };
          break;
        }
        // The lesson's line: the loss before update k, the parameters after it.
        if (options.json) print(record);
        else out(run.textLine(k, chunk.losses[0], chunk.params));
        kept = record;
      }
    }
    if (failure) {
      const reason = causeOf(failure.reason);
      process.stderr.write(
        `nn-fit: diverged at step ${failure.step}: ${reason}; kept step ${kept.step} (loss ${fixed(kept.loss)}), the last finite state; try a smaller --lr\n`,
      );
      if (options.json) out(keptJson(run.jsonLine(kept)));
      else out(`${run.textLine(kept.step, kept.loss, kept.params)} (kept: step ${kept.step}, the last finite state)`);
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
  // `nn-fit --print-data | head`: a closed pipe ends the output, it is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
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
