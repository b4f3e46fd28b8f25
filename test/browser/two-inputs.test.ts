// Two inputs in headless Chromium, through the page's own UI: the Data section generates x1, x2
// data from a formula with a range per input, noise, count and seed; a formula with free
// parameters on x1 and x2 gets sliders and the plane's heat map (its redraw timed over 200 slider
// moves), trains as the core does, and a reload restores data, model and weights; a two-input CSV
// too large for the saved state is read again with its x2 after a reload and the run resumes; the
// chapter "N ReLUs summed is a one-layer network" with the learner's numbers; the panel's PyTorch
// export of a network continues its training in real torch (pending without torch). Screenshots of
// the two-input view at 520 and 225 px in light, dark and high contrast.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Page } from 'playwright-core';
import { generatePlaneData, PlaneSettings } from '../../src/core/data/generate-plane';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import type { LossName } from '../../src/core/eval/loss';
import { formatLossTitle } from '../../src/core/format';
import { compileFormula } from '../../src/core/formula/compile';
import { float32Function2 } from '../../src/core/formula/pointwise';
import { SAVED_POINTS_LIMIT } from '../../src/core/limits';
import { MlpEvaluator } from '../../src/core/model/mlp-evaluator';
import { TWO_INPUT_FORMULA } from '../../src/core/model/presets';
import { programAsNetwork } from '../../src/core/model/relus-as-network';
import { Trainer } from '../../src/core/train/sgd';
import { RELUS_NETWORK_CHAPTER } from '../../src/protocol/lesson';
import type { PlaygroundState } from '../../src/protocol/state';
import type { OpenOptions } from './harness/browser';
import { dragTimings } from './harness/drag-timing';
import {
  ARTIFACTS,
  backendReady,
  lessonData,
  openSection,
  overflow,
  percentile,
  posted,
  readout,
  savedState,
  sendFromHost,
  slider,
  useBrowser,
  useCheckedPage,
  violations,
} from './helpers';
import { runPythonScript, torchPython } from '../torch-python';

const MOVES = 200;

function program2(text: string) {
  const compiled = compileFormula(text, { inputs: 2 });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.program;
}

/** The title the core computes for the formula of x1, x2 at `params` on the plane data `settings` makes. */
function formulaTitle(settings: PlaneSettings, formula: string, params: number[], loss: LossName = 'mae'): string {
  const data = generatePlaneData(settings, float32Function2(settings.fn));
  const evaluator = createEvaluator(program2(formula), data.x, { x2: data.x2 });
  return formatLossTitle(loss, evaluator.loss(Float64Array.from(params), data.y, loss));
}

/** The core's trainer for the quadratic in x1 and x2 from a saved state: its data, parameters and training settings. */
function coreTrainer(state: PlaygroundState): Trainer {
  const settings = planeSettings(state);
  const data = generatePlaneData(settings, float32Function2(settings.fn));
  const { lr, schedule, loss, accumulateGrad } = state.train;
  return new Trainer(program2(TWO_INPUT_FORMULA), data, Float64Array.from(state.params), { lr, schedule, loss, accumulateGrad });
}

const planeSettings = (state: PlaygroundState): PlaneSettings => {
  assert.strictEqual(state.data.kind, 'generator');
  return state.data.settings as PlaneSettings;
};

describe('two inputs in the panel (headless Chromium)', function () {
  let page: Page;
  const { open: openChecked } = useCheckedPage(useBrowser(), { keep: (opened) => (page = opened) });
  const open = (options: OpenOptions = {}) => openChecked({ width: 1100, height: 1000, ...options });

  /** Data of two inputs from the Data section: "two: x1, x2" makes the lesson's plane. */
  async function twoInputs(): Promise<void> {
    await openSection(page, 'section-data');
    await page.selectOption('#data-inputs', '2');
    await page.waitForFunction(() => /of x1, x2/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    await page.waitForSelector('#plane-chart', { state: 'visible' });
  }

  /** Presses Step `count` times, each waited for in the step counter. */
  async function steps(count: number): Promise<void> {
    const from = Number(await page.textContent('#step-count'));
    for (let i = from + 1; i <= from + count; i++) {
      await page.click('#step');
      await page.waitForFunction((n) => document.querySelector('#step-count')?.textContent === String(n), i, { timeout: 60_000 });
    }
  }

  /** The custom formula on the plane: the quadratic in x1 and x2 with sliders a, b, c. */
  async function customFormula(): Promise<void> {
    await page.selectOption('#model-preset', 'custom');
    await page.waitForSelector(slider('c'));
    // Saves are debounced (250 ms): wait for the one with the new model.
    await page.waitForFunction(() => {
      const stored = JSON.parse(sessionStorage.getItem('nn-state') ?? '{}') as { state?: { model?: { inputs?: number } } };
      return (stored.state ?? (stored as { model?: { inputs?: number } })).model?.inputs === 2;
    });
  }

  it('generates x1, x2 data from a formula with a range per input, noise, count and seed; a reload keeps it', async () => {
    await open();
    await twoInputs();
    assert.strictEqual(await page.inputValue('#data-fn'), '3*x1**2 + 2*x2 + 1');
    assert.strictEqual(await page.inputValue('#data-min2'), '-2');
    assert.strictEqual(await page.inputValue('#data-n'), '400');
    assert.ok(await page.isHidden('#fit-chart'), 'the plane replaces the curve');
    const settings: PlaneSettings = { fn: '2*x1 - x2**2 + 0.5', n: 300, min: -1, max: 3, min2: 0, max2: 1.5, mult: 0, add: 0.3, seed: 5 };
    for (const [id, value] of [
      ['#data-fn', settings.fn],
      ['#data-n', settings.n],
      ['#data-min', settings.min],
      ['#data-max', settings.max],
      ['#data-min2', settings.min2],
      ['#data-max2', settings.max2],
      ['#data-mult', settings.mult],
      ['#data-add', settings.add],
      ['#data-seed', settings.seed],
    ] as const)
      await page.fill(id, String(value));
    await page.click('#regenerate');
    await page.waitForFunction(() =>
      /2\*x1 - x2\*\*2 \+ 0\.5 of x1, x2 · 300 points · seed 5/.test(document.querySelector('#data-summary')?.textContent ?? ''),
    );
    await page.waitForTimeout(400);
    const saved = await savedState(page);
    assert.deepStrictEqual(planeSettings(saved), settings);
    assert.strictEqual(saved.model.network?.inputs, 2, 'the model takes both inputs');
    const data = generatePlaneData(settings, float32Function2(settings.fn));
    assert.ok(data.x.every((v) => v >= -1 && v < 3) && data.x2!.every((v) => v >= 0 && v < 1.5), 'each input in its own range');
    const spec = { inputs: 2, hidden: saved.model.network!.hidden };
    const title = formatLossTitle('mae', new MlpEvaluator(spec, data).loss(Float64Array.from(saved.params), data.y, 'mae'));
    assert.strictEqual(await readout(page), title);
    // A bad x2 range is refused with a message and the data stays.
    await page.fill('#data-min2', '2');
    await page.click('#regenerate');
    await page.waitForFunction(() => /x2 range/.test(document.querySelector('#data-error')?.textContent ?? ''));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#plane-chart', { state: 'visible' });
    await openSection(page, 'section-data');
    assert.strictEqual(await page.inputValue('#data-inputs'), '2');
    assert.strictEqual(await page.inputValue('#data-max2'), '1.5');
    assert.strictEqual(await readout(page), title, 'the same data and weights after the reload');
    // Back to one input: the curve again.
    await page.selectOption('#data-inputs', '1');
    await page.waitForSelector('#fit-chart', { state: 'visible' });
    assert.strictEqual(await page.inputValue('#data-fn'), '3*x**2 + 2*x + 1');
  });

  it('a formula with free parameters on x1 and x2: sliders, the heat map (200 moves timed), training as the core, reload', async function () {
    this.timeout(240_000);
    await open();
    await twoInputs();
    await customFormula();
    assert.strictEqual(await page.inputValue('#formula'), TWO_INPUT_FORMULA);
    let saved = await savedState(page);
    const settings = planeSettings(saved);
    assert.strictEqual(saved.model.inputs, 2);
    assert.strictEqual(await readout(page), formulaTitle(settings, TWO_INPUT_FORMULA, saved.params));

    const redraws = await dragTimings(page, MOVES, 'a', 'nn-plane-redraw');
    const draws = await page.evaluate(() => performance.getEntriesByName('nn-plane').map((entry) => entry.duration));
    const figures = {
      moves: redraws.length,
      inputToPlaneMedianMs: Number(percentile(redraws, 50).toFixed(2)),
      inputToPlaneP95Ms: Number(percentile(redraws, 95).toFixed(2)),
      planeDrawMedianMs: Number(percentile(draws, 50).toFixed(2)),
      planeDrawP95Ms: Number(percentile(draws, 95).toFixed(2)),
      maxMs: Number(Math.max(...redraws).toFixed(2)),
      load: os.loadavg().map((v) => Number(v.toFixed(2))),
    };
    console.log(`      plane redraw over ${MOVES} slider moves: ${JSON.stringify(figures)}`);
    fs.writeFileSync(path.join(ARTIFACTS, 'plane-redraw.json'), JSON.stringify(figures, null, 2));
    assert.ok(redraws.length >= MOVES, `every move redrew the plane (${redraws.length})`);
    // No timing target here (bench figures are ratios); only that a move never freezes the page.
    assert.ok(figures.maxMs < 2000, `no redraw froze the page: ${figures.maxMs} ms`);
    await page.waitForTimeout(400);
    saved = await savedState(page);
    assert.strictEqual(await readout(page), formulaTitle(settings, TWO_INPUT_FORMULA, saved.params), 'the title follows the slider');

    // Three steps on the cpu backend are the core trainer's three steps.
    const trainer = coreTrainer(saved);
    trainer.run(3);
    await steps(3);
    await page.waitForTimeout(400);
    saved = await savedState(page);
    assert.deepStrictEqual(saved.params, Array.from(trainer.exportState().params));
    const title = await readout(page);
    assert.strictEqual(title, formulaTitle(settings, TWO_INPUT_FORMULA, saved.params));

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#plane-chart', { state: 'visible' });
    assert.strictEqual(await page.inputValue('#formula'), TWO_INPUT_FORMULA);
    assert.strictEqual(await readout(page), title, 'data, model and weights restored');
    assert.strictEqual(await page.textContent('#step-count'), '3');
    const again = await savedState(page);
    assert.deepStrictEqual(again.params, saved.params);
  });

  it('the formula of x1 and x2 trains on the wasm backend (onnxruntime-web) as the core does, to float32 rounding', async function () {
    this.timeout(180_000);
    await open({ backend: 'wasm' });
    await twoInputs();
    await customFormula();
    await backendReady(page);
    const start = await savedState(page);
    const trainer = coreTrainer(start);
    trainer.run(5);
    await steps(5);
    assert.match((await page.textContent('#backend-status')) ?? '', /wasm/);
    await page.waitForTimeout(400);
    const after = await savedState(page);
    const core = trainer.exportState().params;
    after.params.forEach((v, i) =>
      assert.ok(Math.abs(v - core[i]) <= 1e-4 * Math.max(1, Math.abs(core[i])), `param ${i}: wasm ${v}, core ${core[i]}`),
    );
    assert.notDeepStrictEqual(after.params, start.params, 'the steps moved the parameters');
  });

  it('screenshots of the two-input view at 520 and 225 px in light, dark and high contrast, nothing off the side', async function () {
    this.timeout(240_000);
    for (const theme of ['light', 'dark', 'hc'] as const) {
      for (const width of [520, 225]) {
        await open({ theme, width, height: 1400 });
        await twoInputs();
        await customFormula();
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(300);
        assert.deepStrictEqual(await overflow(page, ['#plane-chart', '.plane-legends']), [], `${theme} ${width}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `two-inputs-${theme}-${width}.png`), fullPage: false });
        await page.locator('#section-data').screenshot({ path: path.join(ARTIFACTS, `two-inputs-data-${theme}-${width}.png`) });
        assert.deepStrictEqual(await violations(page), [], `${theme} ${width}: no Content Security Policy violations`);
        await page.context().close();
      }
    }
  });

  it('a two-input CSV: the preview picks x1, x2, y; too large to save, it is read again with x2 after a reload and the run resumes', async function () {
    this.timeout(180_000);
    await open({ width: 700, height: 1200 });
    const rows = SAVED_POINTS_LIMIT + 1000;
    const x1 = Float64Array.from({ length: rows }, (_, i) => Math.round(((i % 173) / 43 - 2) * 1e4) / 1e4);
    const x2 = Float64Array.from({ length: rows }, (_, i) => Math.round((((i * 37) % 211) / 70 - 1.5) * 1e4) / 1e4);
    const y = Float64Array.from(
      { length: rows },
      (_, i) => Math.round((3 * x1[i] ** 2 + 2 * x2[i] + 1 + ((i * 7919) % 100) / 200) * 1e4) / 1e4,
    );
    const lines = ['x1,note,x2,y', ...Array.from(x1, (v, i) => `${v},row ${i},${x2[i]},${y[i]}`)];
    const text = lines.join('\n');
    const send = (purpose: 'new' | 'reload') =>
      page.evaluate(
        ([text, purpose]) =>
          window.postMessage(
            {
              type: 'dataFile',
              purpose,
              name: 'plane.csv',
              path: 'file:///ws/plane.csv',
              bytes: new TextEncoder().encode(text),
              mtime: 77,
            },
            '*',
          ),
        [text, purpose] as const,
      );
    await openSection(page, 'section-data');
    await send('new');
    await page.waitForSelector('#import-load');
    assert.strictEqual(await page.inputValue('#import-x'), '0');
    assert.strictEqual(await page.inputValue('#import-x2'), '2', 'x2 found by its name');
    assert.strictEqual(await page.inputValue('#import-y'), '3');
    await page.click('#import-load');
    await page.waitForFunction(() => /plane\.csv · 21,000 points/.test(document.querySelector('#data-summary')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    await steps(2);
    await page.waitForTimeout(500);
    const before = await savedState(page);
    assert.strictEqual(before.data.kind === 'csv' && before.data.x.length, 0, 'too many points to save');
    assert.strictEqual(before.model.network?.inputs, 2);
    const title = await readout(page);
    const spec = { inputs: 2, hidden: before.model.network!.hidden };
    assert.strictEqual(
      title,
      formatLossTitle('mae', new MlpEvaluator(spec, { x: x1, x2 }).loss(Float64Array.from(before.params), y, 'mae')),
    );

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const asked = (await posted(page)).filter((m) => m.type === 'readDataFile');
    assert.deepStrictEqual(asked, [{ type: 'readDataFile', path: 'file:///ws/plane.csv' }]);
    await send('reload');
    await page.waitForFunction(() => /plane\.csv · 21,000 points/.test(document.querySelector('#data-summary')?.textContent ?? ''), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(500);
    const after = await savedState(page);
    assert.strictEqual(after.model.network?.inputs, 2, 'still a network of x1 and x2');
    assert.deepStrictEqual(after.params, before.params, 'the same weights');
    assert.strictEqual(after.step, 2, 'the run resumes');
    assert.strictEqual(await readout(page), title, 'the loss over every point of x1, x2, y');
  });

  it('the chapter "N ReLUs summed is a one-layer network": the learner’s numbers both ways, then Open as Layers', async () => {
    await open({ width: 1100, height: 1200 });
    await sendFromHost(page, { type: 'openChapter', chapter: RELUS_NETWORK_CHAPTER });
    await page.waitForSelector('#relus-network', { state: 'visible' });
    // Eight ReLUs start folded in the Model section: open the third and move its slope.
    await page.$$eval('details.unit', (units) => units.forEach((unit) => ((unit as HTMLDetailsElement).open = true)));
    await page.focus(slider('m[2]'));
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(400);
    const saved = await savedState(page);
    const compiled = compileFormula(saved.model.formula, { vectors: saved.model.vectors });
    assert.ok(compiled.ok);
    const found = programAsNetwork(compiled.program, saved.params)!;
    const formulaLoss = createEvaluator(compiled.program, lessonData.x).loss(Float64Array.from(saved.params), lessonData.y, 'mae');
    const networkLoss = new MlpEvaluator(found.spec, lessonData).loss(found.params, lessonData.y, 'mae');
    await page.waitForFunction(
      (v) => document.querySelector<HTMLElement>('#relus-network-loss')?.dataset.networkLoss === v,
      String(networkLoss),
    );
    const shown = await page.$eval('#relus-network-loss', (el) => {
      const { formulaLoss, curveGap } = (el as HTMLElement).dataset;
      return { formulaLoss, curveGap };
    });
    assert.ok(Math.abs(Number(shown.formulaLoss) - formulaLoss) <= 1e-12, `formula ${shown.formulaLoss} vs ${formulaLoss}`);
    assert.ok(Math.abs(networkLoss - formulaLoss) <= 1e-12, 'the two engines agree');
    assert.ok(Number(shown.curveGap) <= 1e-12, `the curves agree: ${shown.curveGap}`);
    assert.match((await page.textContent('#relus-network-shape')) ?? '', /^1 → 8 → 1 · 25 parameters/);
    assert.strictEqual(await page.$$eval('#relus-network-weights tbody tr', (rows) => rows.length), 8);
    await page.screenshot({ path: path.join(ARTIFACTS, 'relus-network-dark-1100.png'), fullPage: false });
    const title = await readout(page);
    await page.click('#relus-network-open');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 8 → 1'));
    await page.waitForTimeout(400);
    const layers = await savedState(page);
    assert.strictEqual(layers.model.preset, 'layers');
    assert.deepStrictEqual(layers.params, Array.from(found.params));
    assert.strictEqual(await readout(page), title, 'the same loss as a network');
    await page.setViewportSize({ width: 225, height: 1200 });
    await sendFromHost(page, { type: 'openChapter', chapter: RELUS_NETWORK_CHAPTER });
    await page.waitForSelector('#relus-network', { state: 'visible' });
    await page.waitForTimeout(300);
    assert.deepStrictEqual(await overflow(page, ['#relus-network']), []);
    const table = await page.$eval('#relus-network .preview-scroll', (el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(table[0] <= table[1] + 1, `the weights table fits at 225 px: ${table[0]} > ${table[1]}`);
    await page.locator('#relus-network').screenshot({ path: path.join(ARTIFACTS, 'relus-network-dark-225.png') });
  });

  it("the panel's PyTorch export of a network continues the panel's training step for step in real torch (needs python3 with torch)", async function () {
    const python = torchPython();
    if (!python) this.skip(); // pending, not passed, where torch is missing
    this.timeout(180_000);
    await open({ preset: 'layers' });
    await twoInputs();
    await steps(3);
    await openSection(page, 'section-export');
    await page.click('#copy-code');
    const copied = (await posted(page)).filter((m) => m.type === 'copy').pop();
    assert.ok(copied && typeof copied.text === 'string', 'the code was copied');
    await steps(5);
    await page.waitForTimeout(500);
    const saved = await savedState(page);
    const printed = runPythonScript(python!, copied.text as string);
    for (let step = 3; step < 8; step++) {
      const line = printed[step - 3];
      const match = /^step=(\d+); loss=(.+)$/.exec(line);
      assert.ok(match, line);
      assert.strictEqual(Number(match[1]), step);
      const panel = saved.history.losses[saved.history.steps.indexOf(step)];
      const torch = Number(match[2]);
      assert.ok(Math.abs(torch - panel) <= 1e-12 * Math.max(1, Math.abs(panel)), `step ${step}: torch ${torch}, panel ${panel}`);
    }
  });
});
