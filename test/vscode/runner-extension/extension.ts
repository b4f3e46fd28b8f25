// A test-only extension: code-server has no --extensionTestsPath, so this extension, installed
// next to the product in a throwaway profile, runs the extension-host suites on activation and
// writes their results to the file that test/vscode/run.js waits for.
//
// Phases: `main` suites, then `beforeReload` suites, then a window reload, then `afterReload`
// suites. The results file is rewritten after every test, so a hang shows where it hangs.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Phase, PhaseResults, runSuites, suiteFiles } from '../suite/index';

interface RunnerConfig {
  /** Absolute path of the mocha package to load. */
  mochaPath: string;
  /** Where to write RunState as JSON. */
  resultFile: string;
  grep?: string;
  timeoutMs?: number;
}

export interface RunState {
  results: PhaseResults[];
  reloadRequested: boolean;
  reloaded: boolean;
  done: boolean;
  error?: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(context.extensionPath, 'runner-config.json'), 'utf8')) as RunnerConfig;
  const state: RunState = fs.existsSync(config.resultFile)
    ? JSON.parse(fs.readFileSync(config.resultFile, 'utf8'))
    : { results: [], reloadRequested: false, reloaded: false, done: false };
  const save = () => {
    const temporary = `${config.resultFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(state, null, 2));
    fs.renameSync(temporary, config.resultFile);
  };
  if (state.done) return;

  const interrupted = state.results.find((r) => !r.ended);
  if (interrupted) {
    const running = interrupted.running ? ` (while running "${interrupted.running}")` : '';
    state.error = `the extension host restarted during the ${interrupted.phase} suites${running}`;
    state.done = true;
    save();
    return;
  }
  if (state.reloadRequested && !state.reloaded) state.reloaded = true;

  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Mocha = require(config.mochaPath);
    const suitesDir = path.join(context.extensionPath, 'suite');
    for (const phase of ['main', 'beforeReload', 'afterReload'] as Phase[]) {
      if (state.results.some((r) => r.phase === phase)) continue;
      const files = suiteFiles(suitesDir, phase);
      if (files.length === 0) continue;
      if (phase === 'afterReload' && !state.reloaded) {
        state.reloadRequested = true;
        save();
        // Not awaited: the reload tears this extension host down, cancelling the call.
        void vscode.commands.executeCommand('workbench.action.reloadWindow').then(undefined, () => undefined);
        return;
      }
      const slot = state.results.push({ phase, passed: 0, failed: 0, pending: 0, tests: [], report: [], running: null, ended: false }) - 1;
      await runSuites(
        Mocha,
        files,
        phase,
        (progress) => {
          state.results[slot] = progress;
          save();
        },
        { grep: config.grep, timeoutMs: config.timeoutMs },
      );
    }
  } catch (error) {
    state.error = `the runner failed: ${(error as Error)?.stack ?? error}`;
  }
  state.done = true;
  save();
}

export function deactivate(): void {
  // Nothing to clean up: the outer runner stops the server.
}
