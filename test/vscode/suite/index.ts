// Runs the extension-host suites with mocha, inside a VS Code extension host.
// Two hosts load this file:
//   - @vscode/test-electron, through `run()` (extensionTestsPath = this file's folder);
//   - the test-only runner extension in code-server (test/vscode/runner-extension), through
//     `runSuites()`, which also runs the suites that need a window reload in between.
// Suite files: `*.test.js` run first; `*.beforeReload.test.js` prepare a window, which is
// then reloaded; `*.afterReload.test.js` check what the reload restored.
import * as fs from 'fs';
import * as path from 'path';

export type Phase = 'main' | 'beforeReload' | 'afterReload';

export interface TestRecord {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface PhaseResults {
  phase: Phase;
  passed: number;
  failed: number;
  pending: number;
  tests: TestRecord[];
  /** A spec-reporter-like text report, one entry a line. */
  report: string[];
  /** The test running now (for a hang report); null when the phase ended. */
  running: string | null;
  ended: boolean;
}

type MochaModule = typeof import('mocha');

/** The suite files of one phase, in `dir`. */
export function suiteFiles(dir: string, phase: Phase): string[] {
  const pattern = {
    main: /^(?!.*\.(before|after)Reload\.test\.js$).*\.test\.js$/,
    beforeReload: /\.beforeReload\.test\.js$/,
    afterReload: /\.afterReload\.test\.js$/,
  }[phase];
  return fs
    .readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Runs mocha on `files`, reporting progress after every test through `onProgress`.
 * @param Mocha the mocha module (passed in by a host that loads it from elsewhere)
 */
export function runSuites(
  Mocha: MochaModule,
  files: string[],
  phase: Phase,
  onProgress: (results: PhaseResults) => void = () => undefined,
  options: { timeoutMs?: number; grep?: string } = {},
): Promise<PhaseResults> {
  const results: PhaseResults = { phase, passed: 0, failed: 0, pending: 0, tests: [], report: [], running: null, ended: false };
  const failures: { title: string; error: string }[] = [];

  class Reporter {
    constructor(runner: Mocha.Runner) {
      let depth = 0;
      const indent = () => '  '.repeat(depth);
      const line = (text: string) => {
        results.report.push(text);
        console.log(text);
      };
      runner.on('suite', (suite: Mocha.Suite) => {
        depth++;
        if (suite.title) line(`${indent()}${suite.title}`);
      });
      runner.on('suite end', () => {
        depth--;
      });
      runner.on('test', (test: Mocha.Test) => {
        results.running = test.fullTitle();
        onProgress(results);
      });
      runner.on('pass', (test: Mocha.Test) => {
        results.passed++;
        results.tests.push({ fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration });
        line(`${indent()}  ✔ ${test.title} (${test.duration ?? 0} ms)`);
        onProgress(results);
      });
      runner.on('fail', (test: Mocha.Runnable, err: Error) => {
        results.failed++;
        const error = err?.stack ?? String(err);
        failures.push({ title: test.fullTitle(), error });
        results.tests.push({ fullTitle: test.fullTitle(), state: 'failed', error });
        line(`${indent()}  ✘ ${failures.length}) ${test.title}`);
        onProgress(results);
      });
      runner.on('pending', (test: Mocha.Test) => {
        results.pending++;
        results.tests.push({ fullTitle: test.fullTitle(), state: 'pending' });
        line(`${indent()}  - ${test.title} (pending)`);
        onProgress(results);
      });
      runner.once('end', () => {
        line('');
        line(`  ${results.passed} passing, ${results.failed} failing, ${results.pending} pending  [${phase}]`);
        failures.forEach((failure, i) => {
          line('');
          line(`  ${i + 1}) ${failure.title}:`);
          for (const errorLine of failure.error.split('\n')) line(`     ${errorLine}`);
        });
      });
    }
  }

  const MochaClass = ((Mocha as unknown as { default?: MochaModule }).default ?? Mocha) as unknown as typeof import('mocha');
  const mocha = new MochaClass({
    ui: 'bdd',
    timeout: options.timeoutMs ?? 30000,
    reporter: Reporter as unknown as Mocha.ReporterConstructor,
    color: false,
  });
  if (options.grep) mocha.grep(options.grep);
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run(() => {
        results.running = null;
        results.ended = true;
        onProgress(results);
        resolve(results);
      });
    } catch (error) {
      reject(error);
    }
  });
}

/** Entry point for @vscode/test-electron: the suites that need no window reload. */
export async function run(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as MochaModule;
  const reloadSuites = [...suiteFiles(__dirname, 'beforeReload'), ...suiteFiles(__dirname, 'afterReload')];
  if (reloadSuites.length) {
    console.log(
      `(${reloadSuites.length} suite file(s) that need a window reload run only in the code-server host: ` +
        `${reloadSuites.map((f) => path.basename(f)).join(', ')})`,
    );
  }
  const resultFile = process.env.NN_VSCODE_RESULTS;
  const save = (results: PhaseResults) =>
    resultFile && fs.writeFileSync(resultFile, JSON.stringify({ results: [results], done: results.ended }));
  const results = await runSuites(Mocha, suiteFiles(__dirname, 'main'), 'main', save, { grep: process.env.NN_VSCODE_GREP });
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
