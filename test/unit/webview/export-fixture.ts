// What the PyTorch export tests share: the training settings of the notebook's loop (the lesson's
// lr, schedule and MAE, the gradient never zeroed, one update a frame) and the lines the panel's
// float64 engine prints for a run, which the exported script must print too.
import type { Dataset } from '../../../src/core/data/generate';
import type { ModelSetup } from '../../../src/core/model/presets';
import { Trainer } from '../../../src/core/train/sgd';
import { LESSON_TRAIN } from '../../../src/protocol/lesson';
import type { TrainControls } from '../../../src/protocol/state';

export const LOOP_TRAIN: TrainControls = { ...LESSON_TRAIN, stepsPerFrame: 1, accumulateGrad: true, backend: 'cpu' };

/** `step=i; loss=…` for the first `steps` updates the engine makes from the setup's start, as the exported script prints them. */
export function engineLossLines(setup: ModelSetup, data: Dataset, train: TrainControls, steps: number): string[] {
  const { lr, schedule, loss, accumulateGrad } = train;
  const trainer = new Trainer(setup.program, data, setup.init, { lr, schedule, loss, accumulateGrad });
  const losses = new Float64Array(steps);
  trainer.run(steps, undefined, losses);
  return Array.from(losses, (value, i) => `step=${i}; loss=${value.toFixed(2)}`);
}
