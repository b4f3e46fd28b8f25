// Many ReLUs while training, at the width a learner meets the panel (520 px): how many frames of the
// fit chart are drawn per wall-clock second (the chart's own User Timing mark, one per redraw) and
// how many updates land per second, for 16 and 64 ReLUs; and, from a Chromium trace of the same
// seconds, the page's main-thread CPU time per drawn frame, which a loaded machine inflates far
// less than wall time (1000 / that is the frame rate the page would reach with a core to itself).
// Recorded with the machine's load in artifacts/relu-redraw.json, not asserted (timings are the
// bench's business, and the machine is shared). With NN_PROFILE=1 it also writes a CPU profile of
// the 64-ReLU run's hottest functions (artifacts/relu-profile.json): where a frame's time goes.
// NN_RELU_BACKEND=cpu|wasm|webgpu trains on that backend instead of the panel's automatic choice.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Page } from 'playwright-core';
import { FIT_DRAWN_MARK } from '../../webview/charts/timing-marks';
import { ARTIFACTS, useBrowser } from './helpers';
const WARM_MS = 1000;
const MEASURE_MS = 4000;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time per function (ms) from a CDP CPU profile, the hottest first. */
function hottest(profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] }, top: number) {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    total += count;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${path.basename(url) || '(native)'}:${lineNumber + 1}`;
    hits.set(key, (hits.get(key) ?? 0) + count);
  }
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(1, total);
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, count]) => ({ where, selfMs: Math.round(count * msPerHit), share: Number((count / total).toFixed(3)) }));
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** CPU ms the renderer's main thread spent in tasks, and per kind of work, from trace events. */
function mainThreadCpu(events: TraceEvent[]) {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const sum = (name: string) => onMain.filter((e) => e.name === name).reduce((total, e) => total + (e.tdur ?? 0) / 1000, 0);
  return {
    tasks: sum('ThreadControllerImpl::RunTask'),
    script: sum('FireAnimationFrame') + sum('TimerFire') + sum('FunctionCall'),
    layout: sum('Layout') + sum('UpdateLayoutTree'),
    paint: sum('Paint') + sum('PrePaint'),
    commit: sum('Commit'),
  };
}

async function measure(page: Page, profile: boolean) {
  await page.evaluate((mark) => {
    const w = window as unknown as { __drawn: number[] };
    w.__drawn = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === mark) w.__drawn.push(entry.startTime);
    }).observe({ entryTypes: ['mark'] });
  }, FIT_DRAWN_MARK);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  await page.click('#train');
  await page.waitForTimeout(WARM_MS);
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReportEvents' });
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const read = () =>
    page.evaluate(() => ({
      steps: Number(document.querySelector('#step-count')?.textContent),
      drawn: (window as unknown as { __drawn: number[] }).__drawn.length,
      at: performance.now(),
    }));
  const before = await read();
  await page.waitForTimeout(MEASURE_MS);
  const after = await read();
  const cpu = profile ? hottest((await cdp.send('Profiler.stop')).profile as never, 25) : undefined;
  const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await traced;
  const status = (await page.textContent('#backend-status'))?.trim();
  await page.click('#train');
  const seconds = (after.at - before.at) / 1000;
  const frames = after.drawn - before.drawn;
  const main = mainThreadCpu(events);
  const perFrame = (ms: number) => Number((ms / Math.max(1, frames)).toFixed(1));
  return {
    framesPerSecond: Number((frames / seconds).toFixed(1)),
    stepsPerSecond: Math.round((after.steps - before.steps) / seconds),
    /** The share of one core the page's main thread got. */
    mainThreadShare: Number((main.tasks / 1000 / seconds).toFixed(2)),
    cpuMsPerFrame: {
      all: perFrame(main.tasks),
      script: perFrame(main.script),
      layout: perFrame(main.layout),
      paint: perFrame(main.paint),
      commit: perFrame(main.commit),
    },
    framesPerSecondWithACore: Number((1000 / perFrame(main.tasks)).toFixed(1)),
    status,
    cpu,
  };
}

describe('many ReLUs while training: frames drawn per second (headless Chromium, 520 px)', function () {
  const session = useBrowser();

  it('16 and 64 ReLUs: fit-chart frames and updates per wall-clock second (recorded in artifacts/relu-redraw.json)', async () => {
    const profile = process.env.NN_PROFILE === '1';
    const loadBefore = os.loadavg();
    const results = [];
    for (const units of [16, 64]) {
      const page = await session.open({
        theme: 'dark',
        width: 520,
        height: 900,
        preset: 'nRelus',
        units,
        backend: (process.env.NN_RELU_BACKEND as 'cpu' | 'wasm' | 'webgpu' | undefined) ?? 'auto',
      });
      const measured = await measure(page, profile && units === 64);
      assert.ok(measured.framesPerSecond > 0 && measured.stepsPerSecond > 0, `training drew nothing: ${JSON.stringify(measured)}`);
      results.push({ units, ...measured, cpu: undefined });
      if (measured.cpu)
        fs.writeFileSync(path.join(ARTIFACTS, 'relu-profile.json'), JSON.stringify({ units, hottest: measured.cpu }, null, 2));
      await page.context().close();
    }
    const record = { machineLoad: { before: loadBefore, after: os.loadavg() }, cores: os.cpus().length, results };
    fs.writeFileSync(path.join(ARTIFACTS, 'relu-redraw.json'), JSON.stringify(record, null, 2));
    for (const r of results)
      console.log(
        `      ${r.units} ReLUs: ${r.framesPerSecond} frames/s, ${r.stepsPerSecond} steps/s (status: ${r.status}); ` +
          `main thread ${r.cpuMsPerFrame.all} ms CPU a frame (${JSON.stringify(r.cpuMsPerFrame)}), ` +
          `got ${r.mainThreadShare} of a core: ${r.framesPerSecondWithACore} frames/s with a core`,
      );
    console.log(`      load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  });
});
