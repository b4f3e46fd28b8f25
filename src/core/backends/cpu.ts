// The TypeScript engine as a backend (formulas and networks): float64, fastest for small problems (no copies, no kernels to launch).
import { MlpEvaluator } from '../model/mlp-evaluator';
import { Trainer, TrainConfig } from '../train/sgd';
import { ChunkResult, NetworkProblem, Problem, TrainingBackend, TrainingState } from './backend';

export class CpuBackend implements TrainingBackend {
  readonly name = 'cpu' as const;
  readonly description = 'TypeScript, float64';
  private readonly trainer: Trainer;

  constructor(problem: Problem | NetworkProblem) {
    const model = 'network' in problem ? new MlpEvaluator(problem.network, problem.data) : problem.program;
    this.trainer = new Trainer(model, problem.data, problem.init, { ...problem.config });
  }

  async run(updates: number): Promise<ChunkResult> {
    const losses = new Float64Array(updates);
    const result = this.trainer.run(updates, undefined, losses);
    return {
      losses: result.steps === updates ? losses : losses.slice(0, result.steps),
      step: this.trainer.step,
      params: Float64Array.from(this.trainer.params),
      diverged: result.diverged,
    };
  }

  async currentStep() {
    return this.trainer.currentStep();
  }

  async setParams(params: Float64Array): Promise<void> {
    this.trainer.setParams(params);
  }

  async reset(init: Float64Array): Promise<void> {
    this.trainer.reset(init);
  }

  configure(config: TrainConfig): void {
    this.trainer.config = { ...config };
    this.trainer.setParams(this.trainer.params);
  }

  async exportState(): Promise<TrainingState> {
    return this.trainer.exportState();
  }

  async importState(state: TrainingState): Promise<void> {
    this.trainer.importState(state);
  }

  dispose(): void {}
}

export async function createCpuBackend(problem: Problem | NetworkProblem): Promise<CpuBackend> {
  return new CpuBackend(problem);
}
