// Which training backends this webview can run, and opening one with a fallback to cpu.
// cpu (the TypeScript engine) always works; wasm and webgpu come from onnxruntime-web when the
// build includes them and the browser supports them.
import type { BackendChoice, BackendFactory, BackendName, Problem, TrainingBackend } from '../../src/core/backends/backend';
import { createCpuBackend } from '../../src/core/backends/cpu';

export interface BackendOption {
  name: BackendName;
  available: boolean;
  /** Why it is not available, or what it runs on. */
  detail: string;
}

export interface OpenedBackend {
  backend: TrainingBackend;
  /** Set when the chosen backend could not start and another one runs instead. */
  fellBack?: { from: BackendChoice; reason: string };
}

interface Provider {
  probe(): Promise<string | null>;
  factory: BackendFactory;
}

const providers: Partial<Record<BackendName, Provider>> = {
  cpu: { probe: async () => null, factory: createCpuBackend },
};

/** The order "auto" tries, fastest first, for problems big enough to gain from it. */
const AUTO_ORDER: readonly BackendName[] = ['cpu'];

export async function backendOptions(): Promise<BackendOption[]> {
  const names: BackendName[] = ['cpu', 'wasm', 'webgpu'];
  return Promise.all(
    names.map(async (name) => {
      const provider = providers[name];
      if (!provider) return { name, available: false, detail: 'not in this build' };
      try {
        const problem = await provider.probe();
        return problem ? { name, available: false, detail: problem } : { name, available: true, detail: '' };
      } catch (error) {
        return { name, available: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

async function tryOpen(name: BackendName, problem: Problem): Promise<TrainingBackend> {
  const provider = providers[name];
  if (!provider) throw new Error(`${name} is not in this build`);
  const unavailable = await provider.probe();
  if (unavailable) throw new Error(unavailable);
  return provider.factory(problem);
}

export async function openBackend(choice: BackendChoice, problem: Problem): Promise<OpenedBackend> {
  if (choice === 'auto') {
    const reasons: string[] = [];
    for (const name of AUTO_ORDER) {
      try {
        return { backend: await tryOpen(name, problem) };
      } catch (error) {
        reasons.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw new Error(`no backend could start (${reasons.join('; ')})`);
  }
  try {
    return { backend: await tryOpen(choice, problem) };
  } catch (error) {
    if (choice === 'cpu') throw error;
    return { backend: await createCpuBackend(problem), fellBack: { from: choice, reason: error instanceof Error ? error.message : String(error) } };
  }
}
