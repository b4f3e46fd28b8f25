// The TypeScript engine as a backend (formulas and networks): float64, fastest for small problems (no copies, no kernels to launch).
import { createEvaluatorAsync } from '../eval/create-evaluator';
import type { ModelEvaluator } from '../eval/evaluator';
import { CompiledEvaluator } from '../eval/codegen';
import { SumOfRelusEvaluator } from '../eval/relu-sum';
import { TapeEvaluator } from '../eval/tape';
import { WasmEvaluator } from '../eval/wasm/wasm-evaluator';
import { MlpEvaluator } from '../model/mlp-evaluator';
import { Trainer, TrainConfig } from '../train/sgd';
import { ChunkResult, NetworkProblem, Problem, TrainingBackend, TrainingCheckpoint } from './backend';

export class CpuBackend implements TrainingBackend {
  readonly name = 'cpu' as const;
  readonly description: string;
  private readonly trainer: Trainer;

  /** `evaluator`: one compiled beforehand for the formula (createCpuBackend compiles WebAssembly in the background). */
  constructor(problem: Problem | NetworkProblem, evaluator?: ModelEvaluator) {
    const model = 'network' in problem ? new MlpEvaluator(problem.network, problem.data) : problem.program;
    this.trainer = new Trainer(model, problem.data, problem.init, { ...problem.config }, evaluator);
    this.description = describeEvaluator(this.trainer.evaluator);
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

  async exportState(): Promise<TrainingCheckpoint> {
    return this.trainer.exportState();
  }

  async importState(state: TrainingCheckpoint): Promise<void> {
    this.trainer.importState(state);
  }

  dispose(): void {}
}

export async function createCpuBackend(problem: Problem | NetworkProblem): Promise<CpuBackend> {
  if ('network' in problem) return new CpuBackend(problem);
  // The tape a page fell back to (a module too large to compile on its main thread) is not reused: here the kernel compiles in the background.
  const shared = problem.evaluator && !(problem.evaluator instanceof TapeEvaluator) ? problem.evaluator : null;
  return new CpuBackend(problem, shared ?? (await createEvaluatorAsync(problem.program, problem.data.x, { x2: problem.data.x2 })));
}

/** What the CPU backend computes with, for people (the bench and the status line show it). */
export function describeEvaluator(evaluator: ModelEvaluator): string {
  if (evaluator instanceof WasmEvaluator) return 'WebAssembly kernel, float64';
  if (evaluator instanceof SumOfRelusEvaluator) return 'ReLU-sum kernel, float64';
  if (evaluator instanceof CompiledEvaluator) return 'generated JavaScript, float64';
  return 'TypeScript, float64';
}
