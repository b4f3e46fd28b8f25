// The bench's sections besides the engines' steps per second, in the order they run. The redraw
// timing runs before the workbench one, whose packaging rebuilds dist/ for production.
import { benchFirstPlot, formatFirstPlot } from './data-first-plot';
import { benchDataLoad, formatDataLoad } from './data-load';
import { benchRedraw, REDRAW_MOVES } from './browser/redraw';
import { formatLoad, ranOn } from './ran-on';
import type { BenchSection } from './section';
import { percentile } from './stats';
import { benchWorkbench, WORKBENCH_OPENS } from './workbench';

const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : 1)} ms` : 'missing');

const dataLoad: BenchSection = {
  name: 'dataLoad',
  title: 'data files: loading 100,000 and 1,000,000 CSV rows',
  side: 'node',
  async run() {
    const rows = benchDataLoad();
    const stamp = ranOn(`Node ${process.version}`);
    return { text: `${formatDataLoad(rows)}\n(load ${formatLoad(stamp.load)})`, json: rows, ranOn: stamp };
  },
};

const firstPlot: BenchSection = {
  name: 'dataFirstPlot',
  title: 'data files in the panel: Load → first plot and first step, 100,000 and 1,000,000 rows (headless Chromium)',
  side: 'browser',
  async run() {
    const rows = await benchFirstPlot();
    const stamp = ranOn('headless Chromium');
    return { text: `${formatFirstPlot(rows)}\n(load ${formatLoad(stamp.load)})`, json: rows, ranOn: stamp };
  },
};

const redraw: BenchSection = {
  name: 'sliderRedraw',
  title: `slider → redraw on the lesson's data (${REDRAW_MOVES} drag moves, headless Chromium, the panel's page)`,
  side: 'browser',
  async run() {
    const t = await benchRedraw();
    const stamp = ranOn(t.browser);
    return {
      text:
        `slider → redraw, lesson data: median ${ms(t.medianMs)}, p95 ${ms(t.p95Ms)}, max ${ms(t.maxMs)} over ${t.samples} moves ` +
        `(${t.browser}, load ${formatLoad(stamp.load)})`,
      json: t,
      ranOn: stamp,
    };
  },
};

const workbench: BenchSection = {
  name: 'commandToPanel',
  title: `"Fit Quadratic" → interactive panel in code-server (1 cold open + ${WORKBENCH_OPENS} timed)`,
  side: 'browser',
  async run() {
    const t = await benchWorkbench();
    const stamp = ranOn(t.runtime);
    const summary = t.missing
      ? t.missing
      : `"Fit Quadratic" → interactive panel: median ${ms(percentile(t.readyMs, 50))} of ${t.readyMs.length} ` +
        `(${t.readyMs.map((v) => v.toFixed(0)).join(', ')} ms), cold first open ${ms(t.coldMs)}; ` +
        `→ backend ready to train: median ${ms(percentile(t.trainableMs, 50))} (${t.runtime}, load ${formatLoad(stamp.load)})`;
    return {
      text: summary,
      json: { ...t, medianReadyMs: percentile(t.readyMs, 50), medianTrainableMs: percentile(t.trainableMs, 50) },
      ranOn: stamp,
    };
  },
};

export const SECTIONS: readonly BenchSection[] = [dataLoad, firstPlot, redraw, workbench];
