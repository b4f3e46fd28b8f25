// nn-fit: the core engine from the command line, for scripts, checks and benchmarks.
//   npx nn-fit --model quadratic --data notebook --init a=1.1,b=1.1,c=1.1 --lr 0.01 --steps 10 --accumulate-grad
import { readFileSync } from 'fs';
import { TrainingBackend } from '../core/backends/backend';
import { createCpuBackend } from '../core/backends/cpu';
import { createOrtBackend } from '../core/backends/ort';
import type { Ort } from '../core/onnx/ort-types';
import { parseCsv } from '../core/data/csv';
import { Dataset, generateData } from '../core/data/generate';
import { fixed, formatLessonLine, namedParams } from '../core/format';
import { float32Function } from '../core/formula/pointwise';
import { customModel, ModelSetup, presetModel } from '../core/model/presets';
import { StepRecord } from '../core/train/sgd';
import { CliOptions, parseArgs, UsageError, USAGE } from './args';

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
  let text: string;
  try {
    text = readFileSync(options.data.csvPath, 'utf8');
  } catch (error) {
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
  const setup = loadModel(options);
  const data = loadData(options);
  const backend = await createBackend(options, setup, data);
  try {
    const start = await backend.currentStep();
    let diverged: string | undefined;
    if (options.quiet) {
      const chunk = await backend.run(options.steps);
      diverged = chunk.diverged?.reason;
      const last = await backend.currentStep();
      out(options.json ? jsonLine(setup, last) : formatLessonLine(last.step, last.loss, last.params));
    } else if (options.json) {
      out(jsonLine(setup, await backend.currentStep()));
      for (let k = 0; k < options.steps && !diverged; k++) {
        const chunk = await backend.run(1);
        diverged = chunk.diverged?.reason;
        if (!diverged) out(jsonLine(setup, await backend.currentStep()));
      }
    } else {
      for (let k = 0; k < options.steps && !diverged; k++) {
        const chunk = await backend.run(1);
        diverged = chunk.diverged?.reason;
        if (!diverged) out(formatLessonLine(k, chunk.losses[0], chunk.params));
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
