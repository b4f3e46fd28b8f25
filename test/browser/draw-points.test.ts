// Drawing data by hand on the fit chart, in headless Chromium under the panel's CSP: a click adds a
// point at the clicked place, a drag moves one (the loss follows during the drag), Alt+click
// deletes one; Undo/Redo (buttons and keys), Clear, the lesson's data, a reload that keeps the
// points; the MAE in the title equals the core's on the drawn data; and on a sampled chart a
// deleted point is the data row that the sample point was drawn from.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import { fileSizeProblem } from '../../src/core/data/csv';
import { drawSample } from '../../src/core/data/sample';
import { CHART_POINTS_LIMIT } from '../../src/core/limits';
import { fromRoot } from '../repo-root';
import { fitPlot, lessonData, openSection, pointOnPage, quadraticTitle, readout, useBrowser, useCheckedPage } from './helpers';

interface SavedData {
  kind: string;
  source?: string;
  x: number[];
  y: number[];
  settings?: unknown;
}

/** The data point at fractions (fx, fy) of the plot's width and height (from its bottom left). */
async function dataAt(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const plot = await fitPlot(page);
  return { x: plot.x[0] + fx * (plot.x[1] - plot.x[0]), y: plot.y[0] + fy * (plot.y[1] - plot.y[0]) };
}

/** The saved state's data and parameters, once the saved data has `count` points (saves are debounced). */
async function saved(page: Page, count: number | 'lesson'): Promise<{ data: SavedData; params: number[] }> {
  await page.waitForFunction(
    (count) => {
      const raw = sessionStorage.getItem('nn-state');
      if (!raw) return false;
      const data = JSON.parse(raw).data;
      return count === 'lesson' ? data.kind === 'generator' : data.source === 'drawn' && data.x.length === count;
    },
    count,
    { timeout: 10_000 },
  );
  const state = JSON.parse((await page.evaluate(() => sessionStorage.getItem('nn-state')))!);
  return { data: state.data, params: state.params };
}

const summary = async (page: Page) => (await page.textContent('#data-summary')) ?? '';
const drawnSummary = (page: Page, count: number) =>
  page.waitForFunction(
    (text) => document.querySelector('#data-summary')?.textContent === text,
    `points drawn by hand · ${count.toLocaleString('en-US')} points`,
  );

/** The title shows the loss on the data now saved (it is redrawn a moment after the data changes). */
async function titleIsCores(page: Page, data: SavedData, params: number[]): Promise<void> {
  const expected = quadraticTitle(params, 'mae', data);
  await page.waitForFunction((t) => document.querySelector('#loss-readout')?.textContent?.trim() === t, expected).catch(() => undefined);
  assert.strictEqual(await readout(page), expected);
}

describe('drawing data by hand on the fit chart (headless Chromium)', function () {
  let page: Page;
  const session = useBrowser();
  useCheckedPage(session, {
    each: { width: 520, height: 1400 },
    keep: (opened) => (page = opened),
    prepare: () => openSection(page, 'section-data'),
  });

  it('adds a point where the chart is clicked, drags it (the loss follows live), deletes it with Alt+click', async () => {
    const before = await readout(page);
    const target = await dataAt(page, 0.3, 0.85);
    const at = await pointOnPage(page, target.x, target.y);
    await page.mouse.click(at.x, at.y);
    await drawnSummary(page, 21);
    let state = await saved(page, 21);
    // The lesson's 20 points as they were, and the new one where the click was (within half a pixel).
    assert.deepStrictEqual(state.data.x.slice(0, 20), Array.from(lessonData.x));
    assert.deepStrictEqual(state.data.y.slice(0, 20), Array.from(lessonData.y));
    const plot = await fitPlot(page);
    const pixel = { x: (plot.x[1] - plot.x[0]) / plot.width, y: (plot.y[1] - plot.y[0]) / plot.height };
    assert.ok(Math.abs(state.data.x[20] - target.x) <= pixel.x / 2, `x ${state.data.x[20]} ≈ ${target.x}`);
    assert.ok(Math.abs(state.data.y[20] - target.y) <= pixel.y / 2, `y ${state.data.y[20]} ≈ ${target.y}`);
    await titleIsCores(page, state.data, state.params);
    assert.notStrictEqual(await readout(page), before, 'the point moved the MAE');
    assert.strictEqual(await page.isVisible('#graph-svg'), false, 'adding a point does not open the computation graph');

    // Drag it down to the bottom of the plot: the title follows before the release.
    const added = await pointOnPage(page, state.data.x[20], state.data.y[20]);
    const goal = await dataAt(page, 0.6, 0.1);
    const end = await pointOnPage(page, goal.x, goal.y);
    const atAdd = await readout(page);
    await page.mouse.move(added.x, added.y);
    await page.mouse.down();
    await page.mouse.move((added.x + end.x) / 2, (added.y + end.y) / 2, { steps: 5 });
    await page.waitForFunction((t) => document.querySelector('#loss-readout')?.textContent?.trim() !== t, atAdd);
    await page.mouse.move(end.x, end.y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(
      ([goalY, tolerance]) => {
        const data = JSON.parse(sessionStorage.getItem('nn-state') ?? '{}').data;
        return data?.x?.length === 21 && Math.abs(data.y[20] - goalY) <= tolerance;
      },
      [goal.y, pixel.y],
    );
    state = await saved(page, 21);
    assert.ok(Math.abs(state.data.x[20] - goal.x) <= pixel.x, `dragged x ${state.data.x[20]} ≈ ${goal.x}`);
    assert.ok(Math.abs(state.data.y[20] - goal.y) <= pixel.y, `dragged y ${state.data.y[20]} ≈ ${goal.y}`);
    assert.deepStrictEqual(state.data.x.slice(0, 20), Array.from(lessonData.x), 'the other points stay');
    await titleIsCores(page, state.data, state.params);
    await page.screenshot({ path: fromRoot('artifacts', 'draw-points-520-dark.png'), clip: { x: 0, y: 0, width: 520, height: 520 } });

    // Alt+click deletes it: the lesson's 20 points again, and their MAE.
    const moved = await pointOnPage(page, state.data.x[20], state.data.y[20]);
    await page.keyboard.down('Alt');
    await page.mouse.click(moved.x, moved.y);
    await page.keyboard.up('Alt');
    await drawnSummary(page, 20);
    state = await saved(page, 20);
    assert.deepStrictEqual(state.data.x, Array.from(lessonData.x));
    assert.deepStrictEqual(state.data.y, Array.from(lessonData.y));
    await titleIsCores(page, state.data, state.params);
    assert.strictEqual(await readout(page), before);
  });

  it('undoes and redoes with the buttons and the keys, clears, goes back to the lesson, and a reload keeps the points', async () => {
    const lessonTitle = await readout(page);
    for (const [fx, fy] of [
      [0.2, 0.7],
      [0.8, 0.6],
    ]) {
      const d = await dataAt(page, fx, fy);
      const at = await pointOnPage(page, d.x, d.y);
      await page.mouse.click(at.x, at.y);
      await page.waitForFunction((n) => document.querySelector('#data-summary')?.textContent?.includes(`${n} points`), fx < 0.5 ? 21 : 22);
    }
    const two = await saved(page, 22);
    await page.click('#data-undo');
    await drawnSummary(page, 21);
    assert.deepStrictEqual((await saved(page, 21)).data.x, two.data.x.slice(0, 21));
    // The keys, with the focus on the page (no text field): back to the lesson's generated data, then forward twice.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => /20 points · seed 42/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    assert.strictEqual((await saved(page, 'lesson')).data.kind, 'generator');
    assert.strictEqual(await readout(page), lessonTitle);
    await page.keyboard.press('Control+Shift+z');
    await drawnSummary(page, 21);
    await page.keyboard.press('Control+y');
    await drawnSummary(page, 22);
    assert.deepStrictEqual((await saved(page, 22)).data, two.data);
    // A shortcut typed in a text field is the field's own.
    await page.fill('#draw-x', '0.5');
    await page.focus('#draw-x');
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(200);
    assert.strictEqual(await summary(page), 'points drawn by hand · 22 points');

    // Clear: no points, no loss, nothing to train; then a point typed with the keyboard.
    await page.click('#draw-clear');
    await drawnSummary(page, 0);
    assert.strictEqual(await readout(page), 'MAE: no points');
    await page.click('#train');
    await page.waitForFunction(() => /no points to fit/.test(document.querySelector('#notice')?.textContent ?? ''));
    await page.fill('#draw-x', '0.5');
    await page.fill('#draw-y', '2');
    await page.click('#draw-add');
    await drawnSummary(page, 1);
    const one = await saved(page, 1);
    assert.deepStrictEqual([one.data.x, one.data.y], [[0.5], [2]]);
    await titleIsCores(page, one.data, one.params);

    // Back to the lesson's data, and Undo brings the drawn point back.
    await page.click('#lesson-data');
    await page.waitForFunction(() => /20 points · seed 42/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    assert.strictEqual(await readout(page), lessonTitle);
    await page.click('#data-undo');
    await drawnSummary(page, 1);
    await page.fill('#draw-x', '-1');
    await page.fill('#draw-y', '7.25');
    await page.click('#draw-add');
    await drawnSummary(page, 2);
    const kept = await saved(page, 2);

    // A window reload shows the drawn points and their loss.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await drawnSummary(page, 2);
    const restored = await saved(page, 2);
    assert.deepStrictEqual([restored.data.x, restored.data.y], [kept.data.x, kept.data.y]);
    assert.deepStrictEqual(
      [restored.data.x, restored.data.y],
      [
        [0.5, -1],
        [2, 7.25],
      ],
    );
    await titleIsCores(page, restored.data, restored.params);
  });

  it('on a sampled chart, Alt+click deletes the data row the clicked sample point was drawn from', async () => {
    const rows = 10_000;
    const xs = Array.from({ length: rows }, (_, i) => i / 100);
    const ys = Array.from({ length: rows }, (_, i) => ((i * 7919) % 1000) / 100);
    const text = `x,y\n${xs.map((x, i) => `${x},${ys[i]}`).join('\n')}\n`;
    await page.evaluate(
      (text) =>
        window.postMessage(
          { type: 'dataFile', purpose: 'new', name: 'ten-k.csv', path: null, bytes: new TextEncoder().encode(text), mtime: 1 },
          '*',
        ),
      text,
    );
    await page.waitForSelector('#import-load');
    await page.click('#import-load');
    await page.waitForFunction(() => /ten-k\.csv · 10,000 points/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    await page.waitForSelector('#fit-sample-note:not([hidden])');
    // The chart's sample, as the core draws it; a sample point with no other within 4 px, so the press is unambiguous.
    const sample = drawSample({ x: Float64Array.from(xs), y: Float64Array.from(ys) }, CHART_POINTS_LIMIT);
    assert.ok(sample.index, 'the chart is a sample');
    const plot = await fitPlot(page);
    const px = (k: number) => ((sample.x[k] - plot.x[0]) / (plot.x[1] - plot.x[0])) * plot.width;
    const py = (k: number) => plot.height - ((sample.y[k] - plot.y[0]) / (plot.y[1] - plot.y[0])) * plot.height;
    let chosen = -1;
    for (let k = 0; k < sample.x.length && chosen < 0; k += 7) {
      if (sample.index[k] === k) continue; // a sample point whose index differs from its position in the sample
      let alone = true;
      for (let j = 0; j < sample.x.length && alone; j++) if (j !== k && Math.hypot(px(j) - px(k), py(j) - py(k)) < 4) alone = false;
      if (alone) chosen = k;
    }
    assert.ok(chosen >= 0, 'an isolated sample point');
    const row = sample.index[chosen];
    const at = await pointOnPage(page, sample.x[chosen], sample.y[chosen]);
    await page.keyboard.down('Alt');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.up('Alt');
    await drawnSummary(page, rows - 1);
    const state = await saved(page, rows - 1);
    const expectX = xs.filter((_, i) => i !== row);
    const expectY = ys.filter((_, i) => i !== row);
    assert.deepStrictEqual(state.data.x, expectX, `row ${row} (sample point ${chosen}) is the one deleted`);
    assert.deepStrictEqual(state.data.y, expectY);
    await titleIsCores(page, state.data, state.params);
  });

  it('screenshots: the Data section with its preview and drawn points at 225 px, in high contrast and at 520 px light', async () => {
    const text = 'time (s),reading,note\n0,1.5,ok\n0.5,2.25,ok\n1,n/a,lost\n1.5,4.75,ok\n';
    for (const [theme, width] of [
      ['dark', 225],
      ['hc', 225],
      ['hc', 520],
      ['light', 520],
    ] as const) {
      const shot = await session.open({ width, height: 1400, theme });
      try {
        await openSection(shot, 'section-data');
        for (const [fx, fy] of [
          [0.25, 0.8],
          [0.7, 0.15],
        ]) {
          const d = await dataAt(shot, fx, fy);
          const at = await pointOnPage(shot, d.x, d.y);
          await shot.mouse.click(at.x, at.y);
        }
        await drawnSummary(shot, 22);
        await shot.waitForTimeout(300);
        await shot.locator('#fit-chart').screenshot({ path: fromRoot('artifacts', `draw-points-chart-${width}-${theme}.png`) });
        await shot.locator('#section-data').screenshot({ path: fromRoot('artifacts', `draw-points-data-${width}-${theme}.png`) });
        await shot.evaluate(
          (text) =>
            window.postMessage(
              { type: 'dataFile', purpose: 'new', name: 'readings.csv', path: null, bytes: new TextEncoder().encode(text), mtime: 1 },
              '*',
            ),
          text,
        );
        await shot.waitForSelector('#data-import:not([hidden]) #import-preview');
        await shot.locator('#section-data').screenshot({ path: fromRoot('artifacts', `data-preview-${width}-${theme}.png`) });
        // Nothing in the Data section reaches past the panel's edge.
        const overflow = await shot.evaluate(() =>
          [...document.querySelectorAll('#section-data *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !e.closest('.preview-scroll'))
            .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
        );
        assert.deepStrictEqual(overflow, [], `${theme} at ${width} px`);
      } finally {
        await shot.context().close();
      }
    }
  });

  it('bad files say what is wrong and keep the drawn points (empty, header only, one column, binary, too big)', async () => {
    const d = await dataAt(page, 0.5, 0.9);
    const at = await pointOnPage(page, d.x, d.y);
    await page.mouse.click(at.x, at.y);
    await drawnSummary(page, 21);
    const before = await saved(page, 21);
    const bytes = (text: string) => Array.from(new TextEncoder().encode(text));
    const cases: [string, number[], RegExp][] = [
      ['empty.csv', [], /empty\.csv.*empty/i],
      ['header.csv', bytes('x,y\n'), /no data rows/],
      ['one.csv', bytes('x\n1\n2\n3\n'), /1 column, need at least 2/],
      ['binary.csv', [0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 255, 254], /not a text file/],
    ];
    for (const [name, content, message] of cases) {
      await page.evaluate(
        ([name, content]) =>
          window.postMessage(
            { type: 'dataFile', purpose: 'new', name, path: `file:///ws/${name}`, bytes: Uint8Array.from(content as number[]), mtime: 1 },
            '*',
          ),
        [name, content] as const,
      );
      // A file that previews (a header) fails on Load; the others are refused at once.
      await page.waitForFunction(
        () => document.querySelector('#data-error')?.textContent || document.querySelector('#data-import:not([hidden]) #import-load'),
      );
      const previewProblem = (await page.isVisible('#import-load')) ? ((await page.textContent('#import-problem')) ?? '') : '';
      if (previewProblem) {
        // The preview names the problem and Load waits for a fix; Cancel leaves everything as it was.
        assert.match(previewProblem, message, name);
        await page.click('#import-cancel');
      } else {
        if (await page.isVisible('#import-load')) await page.click('#import-load');
        await page.waitForFunction(() => document.querySelector('#data-error')?.textContent);
        const error = (await page.textContent('#data-error')) ?? '';
        assert.match(error, message, name);
        assert.match(error, /The data you had is kept\./, name);
      }
      assert.strictEqual(await summary(page), 'points drawn by hand · 21 points', name);
    }
    // The host refuses a 2 GB file by its size before reading it, with the core's message: the page says so and keeps the points.
    const tooBig = fileSizeProblem(2 * 1024 ** 3)!;
    await page.evaluate(
      (error) => window.postMessage({ type: 'dataFileRefused', purpose: 'new', name: 'huge.csv', path: 'file:///ws/huge.csv', error }, '*'),
      tooBig,
    );
    await page.waitForFunction(
      (expected) => document.querySelector('#data-error')?.textContent === expected,
      `huge.csv: ${tooBig} The data you had is kept.`,
    );
    assert.match(tooBig, /2\.0 GB; the limit is 256 MB/);
    assert.strictEqual(await summary(page), 'points drawn by hand · 21 points');
    assert.deepStrictEqual((await saved(page, 21)).data, before.data);
  });
});
