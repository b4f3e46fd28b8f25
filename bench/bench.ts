// `npm run bench`: steps per second of gradient descent for the lesson's fit (quadratic, 20 points)
// for 64 ReLUs on 100,000 points and for a 2→64→64→1 network on 100,000 points of two inputs, on our engines (cpu; onnxruntime-web wasm in Node; wasm and
// webgpu in headless Chromium), on TensorFlow.js (cpu, wasm) doing the same math on the same data,
// and (the network) on PyTorch CPU where a Python with torch is installed.
// Also: time and peak memory to load 100k and 1M CSV rows (bench/data-load.ts), and in the panel
// from Load to the first plot and the first step (bench/data-first-plot.ts).
// Prints a table and writes bench/results.json. Flags: --node-only, --browser-only.
import * as fs from 'fs';
import * as path from 'path';
import type { Ort } from '../src/core/onnx/ort-types';
import { BenchRow, CASE_NAMES } from './cases';
import { benchCpu, benchOrtNode } from './ours-node';
import { formatTable, keepKOneAndBest } from './table';
import { benchTfjs } from './tfjs';
import { benchTorchMlp } from './torch-cpu';
import { benchInChromium } from './browser/run';
import { benchDataLoad, formatDataLoad } from './data-load';
import { benchFirstPlot, formatFirstPlot } from './data-first-plot';
import { ROOT } from './browser/chromium';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const rows: BenchRow[] = [];
  const progress = (row: BenchRow) => {
    rows.push(row);
    console.log(
      `  ${row.case.padEnd(18)} ${row.engine.padEnd(11)} ${row.k === undefined ? '' : `K=${row.k} `}${row.stepsPerSec.toPrecision(4)} steps/s`,
    );
  };
  if (!args.has('--browser-only')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort: Ort = require('onnxruntime-web');
    ort.env.wasm.numThreads = 1; // as in the webview
    for (const name of CASE_NAMES) {
      progress(await benchCpu(name));
      for (const row of await benchOrtNode(ort, name)) progress(row);
      progress(await benchTfjs('cpu', name));
      progress(await benchTfjs('wasm', name));
    }
    progress(benchTorchMlp());
  }
  if (!args.has('--node-only')) {
    console.log('  headless Chromium …');
    const browser = await benchInChromium();
    console.log(`  WebGPU adapter: ${browser.adapter}`);
    for (const line of browser.log) console.log(`  note: ${line}`);
    for (const row of browser.rows) progress(row);
  }
  if (!args.has('--browser-only')) {
    console.log('  data files: loading 100,000 and 1,000,000 CSV rows …');
    console.log(`\n${formatDataLoad(benchDataLoad())}\n`);
  }
  if (!args.has('--node-only')) {
    console.log('  data files in the panel: Load → first plot and first step, 100,000 and 1,000,000 rows …');
    console.log(`\n${formatFirstPlot(await benchFirstPlot())}\n`);
  }
  const kept = keepKOneAndBest(rows);
  console.log(`\n${formatTable(kept)}\n`);
  const file = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
