// `npm run bench`: steps per second of gradient descent on the cases of bench/cases.ts (the
// lesson's fit, 64 ReLUs × 100k points, 256 ReLUs × 1M points, a 2→64→64→1 network; 16 tanh units
// × 20k points on ours alone, the WebAssembly kernel on vector parameters) on our
// engines (ours:cpu in Node; ours:panel, the panel's own engine in headless Chromium under the
// panel's CSP; onnxruntime-web wasm in Node and Chromium, webgpu in Chromium), TensorFlow.js (cpu,
// wasm) and PyTorch CPU (where a Python with torch is installed; "missing" otherwise) doing the
// same math on the same data, with ratios taken within this run; then the sections of
// bench/sections.ts (data-file loading, slider → redraw, "Fit Quadratic" → interactive panel in
// code-server) and the targets. Every figure says what it ran on and the load average
// when it was taken. Prints the tables and writes bench/results.json.
// Flags: --node-only, --browser-only, --skip=<section>[,<section>…] (dataLoad, dataFirstPlot, sliderRedraw, commandToPanel).
import * as fs from 'fs';
import * as path from 'path';
import type { Ort } from '../src/core/onnx/ort-types';
import { BenchRow, EVERY_ENGINE_CASES, FORMULA_CASES, KERNEL_CASES, StampedRow } from './cases';
import { benchCpu, benchOrtNode } from './ours-node';
import { formatLoad, machine, ranOn } from './ran-on';
import { SECTIONS } from './sections';
import type { SectionResult } from './section';
import { formatTable, keepKOneAndBest } from './table';
import { checkTargets, formatTargets } from './targets';
import { benchTfjs } from './tfjs';
import { benchTorchFormula, benchTorchMlp } from './torch-cpu';
import { benchInChromium } from './browser/run';
import { ROOT } from './browser/chromium';

function parseArgs(argv: string[]) {
  const flags = new Set(argv.filter((a) => !a.startsWith('--skip=')));
  const skip = new Set(argv.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice('--skip='.length).split(',')));
  return { node: !flags.has('--browser-only'), browser: !flags.has('--node-only'), skip };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const rows: StampedRow[] = [];
  const log: string[] = [];
  console.log(`machine: ${machine()}`);
  const progress = (row: BenchRow) => {
    const stamped: StampedRow = { ...row, ranOn: ranOn(row.runtime) };
    rows.push(stamped);
    const k = row.k === undefined ? '' : `K=${row.k} `;
    const rate = Number.isNaN(row.stepsPerSec) ? row.note : `${row.stepsPerSec.toPrecision(4)} steps/s`;
    console.log(`  ${row.case.padEnd(18)} ${row.engine.padEnd(11)} ${k}${rate} (${row.runtime}; load ${formatLoad(stamped.ranOn.load)})`);
  };
  if (args.node) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort: Ort = require('onnxruntime-web');
    ort.env.wasm.numThreads = 1; // as in the webview
    for (const name of EVERY_ENGINE_CASES) {
      progress(await benchCpu(name));
      for (const row of await benchOrtNode(ort, name)) progress(row);
      progress(await benchTfjs('cpu', name));
      progress(await benchTfjs('wasm', name));
    }
    progress(await benchCpu('relu256-1m'));
    for (const name of KERNEL_CASES) progress(await benchCpu(name));
    for (const name of FORMULA_CASES) progress(benchTorchFormula(name));
    progress(benchTorchMlp());
  }
  if (args.browser) {
    console.log('  headless Chromium …');
    const browser = await benchInChromium(progress, { panelOnly: false });
    console.log(`  ${browser.browser}, WebGPU adapter: ${browser.adapter}`);
    log.push(...browser.log);
    for (const line of browser.log) console.log(`  note: ${line}`);
  }
  const sections: Record<string, SectionResult> = {};
  for (const section of SECTIONS) {
    if (args.skip.has(section.name) || (section.side === 'node' ? !args.node : !args.browser)) continue;
    console.log(`  ${section.title} …`);
    try {
      sections[section.name] = await section.run();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      sections[section.name] = { text: `${section.name}: failed: ${message}`, json: { failed: message }, ranOn: ranOn('') };
    }
  }
  const kept = keepKOneAndBest(rows);
  console.log(`\nmachine: ${machine()}\n\n${formatTable(kept)}\n`);
  for (const result of Object.values(sections)) console.log(`${result.text}\n`);
  const timing = (name: string, key: string): number => {
    const json = sections[name]?.json as Record<string, unknown> | undefined;
    return typeof json?.[key] === 'number' ? (json[key] as number) : NaN;
  };
  const targets = checkTargets(kept, {
    commandToPanelMedianMs: timing('commandToPanel', 'medianReadyMs'),
    redrawP95Ms: timing('sliderRedraw', 'p95Ms'),
  });
  console.log(`${formatTargets(targets)}\n`);
  const file = path.join(ROOT, 'bench', 'results.json');
  const results = {
    machine: machine(),
    took: `${((Date.now() - started) / 1000).toFixed(0)} s`,
    rows: kept,
    ...Object.fromEntries(Object.entries(sections).map(([name, r]) => [name, { ...(r.json as object), ranOn: r.ranOn }])),
    targets,
    log,
  };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)} (the bench took ${results.took})`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
