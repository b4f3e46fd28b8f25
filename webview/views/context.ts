// What every insight view reads: the playground, the theme's colours, an evaluator of the current
// model on the current data (made once per model and data set), and a generation number that
// changes whenever the model, the data or the loss changes (so cached curves and grids are stale),
// and the worker that computes the heavy parts (the landscape's grids, slices of large data sets).
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import type { ModelEvaluator } from '../../src/core/eval/evaluator';
import type { LossName } from '../../src/core/eval/loss';
import type { Dataset } from '../../src/core/data/generate';
import type { Program } from '../../src/core/formula/program';
import type { Playground } from '../app/playground';
import type { ChartTheme } from '../charts/theme';
import type { ViewColors } from './canvas';
import { InsightWorker, JobSubject } from './insight-worker-client';

export class ViewContext {
  theme!: ChartTheme;
  colors!: ViewColors;
  private cached: { program: Program; data: Dataset; evaluator: ModelEvaluator } | null = null;
  private shown = { program: null as Program | null, data: null as Dataset | null, loss: '' as string };
  private counter = 0;
  readonly worker = new InsightWorker();

  constructor(readonly playground: Playground) {}

  get loss(): LossName {
    return this.playground.state.train.loss;
  }

  /** The formula (the views are shown for formula models only: InsightViews hides them for a network). */
  get program(): Program {
    const program = this.playground.model.program;
    if (!program) throw new Error('The insight views need a formula model');
    return program;
  }

  get data(): Dataset {
    return this.playground.data;
  }

  /** Changes when the model, the data or the loss does. */
  get generation(): number {
    const p = this.playground;
    if (this.shown.program !== p.model.program || this.shown.data !== p.data || this.shown.loss !== this.loss) {
      this.shown = { program: p.model.program, data: p.data, loss: this.loss };
      this.counter++;
    }
    return this.counter;
  }

  evaluator(): ModelEvaluator {
    const { program, data } = this;
    if (!this.cached || this.cached.program !== program || this.cached.data !== data) {
      this.cached = { program, data, evaluator: createEvaluator(program, data.x, { codegen: false }) };
    }
    return this.cached.evaluator;
  }

  /** The model and data a worker job is about. */
  subject(): JobSubject {
    const { program, data } = this;
    return { program, x: data.x, y: data.y, evaluator: () => this.evaluator() };
  }

  /** The flat parameter names (`a`, `m[3]`). */
  get names(): string[] {
    return this.playground.model.names;
  }

  range(index: number): [number, number] {
    return this.playground.state.ranges[this.names[index]] ?? [-1, 1];
  }
}
