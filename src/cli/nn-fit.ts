// nn-fit: the core engine from the command line, for scripts, checks and benchmarks.
//   npx nn-fit --model quadratic --data notebook --init a=1.1,b=1.1,c=1.1 --lr 0.01 --steps 10 --accumulate-grad
import { TrainingBackend } from '../core/backends/backend';
import { createCpuBackend } from '../core/backends/cpu';
import { createOrtBackend } from '../core/backends/ort';
import type { Ort } from '../core/onnx/ort-types';
import { parseCsv } from '../core/data/csv';
import { Dataset, generateData, inputColumns } from '../core/data/generate';
import { fixed, formatLessonLine, namedParams } from '../core/format';
import { float32Function } from '../core/formula/pointwise';
import { customModel, ModelSetup, presetModel } from '../core/model/presets';
import { StepRecord } from '../core/train/sgd';
import { CliOptions, parseArgs, UsageError, USAGE } from './args';
import { readTextLimited, TooLargeError } from './read-limited';
import { CSV_MAX_BYTES } from '../core/limits';

function loadModel(options: CliOptions): ModelSetup {
  let setup: ModelSetup;
  if ('preset' in options.model) {
    setup = presetModel(options.model.preset, { units: options.units, seed: options.modelSeed });
  } else {
    const custom = customModel(options.model.formula);
    if ('error' in custom) throw new UsageError(`--model "${options.model.formula}": ${custom.error.message}`);
    if (custom.program.paramCount === 0)
      throw new UsageError(`--model "${options.model.formula}" has no parameters to fit: use letters other than x, as in "a*x + b"`);
    setup = custom;
  }
  for (const [name, value] of options.init) {
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
  let text: string;
  try {
    text = readTextLimited(options.data.csvPath, CSV_MAX_BYTES);
  } catch (error) {
    if (error instanceof TooLargeError) throw new UsageError(`--data "${options.data.csvPath}": ${error.message}`);
    throw new UsageError(
      `--data: cannot read "${options.data.csvPath}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new UsageError(`--data ${options.data.csvPath}: ${parsed.error}`);
  return parsed.data;
}

async function createBackend(options: CliOptions, setup: ModelSetup, data: Dataset): Promise<TrainingBackend> {
  const problem = {
    program: setup.program,
    data,
    init: setup.init,
    config: { lr: options.lr, schedule: options.schedule, loss: options.loss, accumulateGrad: options.accumulateGrad },
  };
  if (options.backend === 'wasm') {
    // onnxruntime-web's Node build is its wasm backend; loaded only when asked for.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-web') as Ort;
    ort.env.wasm.numThreads = 1; // as in the playground; worker threads would also hold the exit ~3 s
    return createOrtBackend(ort, 'wasm', problem);
  }
  return createCpuBackend(problem);
}

function jsonLine(setup: ModelSetup, record: StepRecord, note = ''): string {
  return JSON.stringify({
    step: record.step,
    loss: record.loss,
    params: namedParams(setup.program, record.params),
    grad: namedParams(setup.program, record.grad),
    ...(note ? { kept: true } : {}),
  });
}

/** Why a record cannot be kept (a loss, parameter or gradient that is NaN or infinite), or null. */
function divergenceOf(record: StepRecord): string | null {
  if (!Number.isFinite(record.loss)) return `the loss became ${Number.isNaN(record.loss) ? 'NaN' : 'infinite'}`;
  if (!record.params.every(Number.isFinite)) return 'a parameter became NaN or infinite';
  if (!record.grad.every(Number.isFinite)) return 'a gradient became NaN or infinite';
  return null;
}

/** The data as CSV with every digit: String(number) is the shortest text that reads back to the same double. */
export function dataCsv(data: Dataset): string[] {
  const columns = inputColumns(data);
  const header = columns.length === 1 ? 'x,y' : columns.map((_, i) => `x${i + 1}`).join(',') + ',y';
  return [header, ...Array.from(data.y, (y, i) => [...columns.map((c) => String(c[i])), String(y)].join(','))];
}

async function main(argv: string[], out: (line: string) => void): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    out(USAGE);
    return 0;
  }
  if (options.printData) {
    for (const line of dataCsv(loadData(options))) out(line);
    return 0;
  }
  const setup = loadModel(options);
  const data = loadData(options);
  const backend = await createBackend(options, setup, data);
  const print = (record: StepRecord, note = '') =>
    out(options.json ? jsonLine(setup, record, note) : formatLessonLine(record.step, record.loss, record.params) + note);
  try {
    const start = await backend.currentStep();
    // `kept` is the last state whose loss, parameters and gradient are all finite.
    let kept = start;
    let failure: { step: number; reason: string } | undefined = divergenceOf(start) ? { step: 0, reason: divergenceOf(start)! } : undefined;
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
        else out(formatLessonLine(k, chunk.losses[0], chunk.params));
        kept = record;
      }
    }
    if (failure) {
      const reason = failure.reason.replace(/^diverged at step \d+: /, '').replace(/; try a smaller learning rate$/, '');
      process.stderr.write(
        `nn-fit: diverged at step ${failure.step}: ${reason}; kept step ${kept.step} (loss ${fixed(kept.loss)}), the last finite state; try a smaller --lr\n`,
      );
      print(kept, options.json ? 'kept' : ` (kept: step ${kept.step}, the last finite state)`);
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
