// Bringing data into the panel in headless Chromium under the panel's CSP: a file's preview with
// the x and y columns to pick, the Data section saying what was used and skipped (and no generator
// fields), refusals that keep the data, 1,000,000 rows parsed in the Web Worker with a moving
// progress bar and no long task over 100 ms, trained on every point, drawn as a sample, and a
// reload that keeps the data (the points themselves, or the file's path to read again).
import * as assert from 'assert';
import * as fs from 'fs';
import { Page } from 'playwright-core';
import { parseCsv } from '../../src/core/data/csv';
import { createEvaluator } from '../../src/core/eval/create-evaluator';
import { presetModel } from '../../src/core/model/presets';
import { fromRoot } from '../repo-root';
import { backendReady, openSection, posted, quadraticTitle, readout, useBrowser, useCheckedPage } from './helpers';

const ROWS = 1_000_000;
/** The 1M-row file's values, made the same way in the page and here. */
const xOf = (i: number) => (i - ROWS / 2) / 250_000;
const yOf = (i: number) => Math.round((3 * xOf(i) ** 2 + 2 * xOf(i) + 1 + ((i * 7919) % 1000) / 1000 - 0.5) * 1e4) / 1e4;

async function sendFile(page: Page, name: string, path: string | null, text: string, purpose: 'new' | 'reload' = 'new'): Promise<void> {
  await page.evaluate(
    ([name, path, text, purpose]) => {
      window.postMessage({ type: 'dataFile', purpose, name, path, bytes: new TextEncoder().encode(text as string), mtime: 1000 }, '*');
    },
    [name, path, text, purpose],
  );
}

interface SaveText {
  type: 'saveText';
  name: string;
  text: string;
  label: string;
}

const summary = (page: Page) => page.textContent('#data-summary').then((t) => t ?? '');

describe('data files in the panel (headless Chromium)', function () {
  let page: Page;
  // gc() lets the 1M-row test collect the garbage of making its file before it measures the page.
  const session = useBrowser({ chromiumArgs: ['--js-flags=--expose-gc'] });
  useCheckedPage(session, {
    each: { width: 520, height: 1400 },
    keep: (opened) => (page = opened),
    prepare: () => openSection(page, 'section-data'),
  });

  it('previews a file, lets the user pick x and y, and says what was used and skipped', async () => {
    const text = '\uFEFFid;"Zeit (s)";Temperatur\r\n1;0;20,5\r\n2;0,5;n/a\r\n3;1;22\r\n4;1,5;23,5\r\n';
    await sendFile(page, 'messwerte.csv', 'file:///ws/messwerte.csv', text);
    await page.waitForSelector('#data-import:not([hidden]) #import-preview');
    assert.match(
      (await page.textContent('#import-facts')) ?? '',
      new RegExp(
        `messwerte\\.csv · ${new TextEncoder().encode(text).length} bytes · semicolon-separated, decimal commas read · header row`,
      ),
    );
    assert.strictEqual(await page.$eval('#import-x', (s) => (s as HTMLSelectElement).value), '0');
    await page.selectOption('#import-x', '1');
    await page.selectOption('#import-y', '1');
    assert.match((await page.textContent('#import-problem')) ?? '', /same column/);
    await page.selectOption('#import-y', '2');
    await page.locator('#section-data').screenshot({ path: fromRoot('artifacts', 'data-preview-520-dark.png') });
    await page.click('#import-load');
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('messwerte.csv'));
    assert.match(await summary(page), /messwerte\.csv · 3 points/);
    assert.strictEqual(
      await page.textContent('#data-used'),
      `x = "Zeit (s)", y = "Temperatur"; 3 of 4 rows used; 1 of 4 rows skipped: text in column "Temperatur", e.g. row 3: 'n/a'`,
    );
    assert.strictEqual(await page.isVisible('#data-generator'), false, 'no generator fields while a file is loaded');
    assert.strictEqual(await page.isVisible('#data-import'), false);
    await page.waitForTimeout(400);
    const saved = (await posted(page)).filter((m) => m.type === 'state').pop() as unknown as { state: { data: Record<string, unknown> } };
    assert.deepStrictEqual(saved.state.data.x, [0, 1, 1.5]);
    assert.strictEqual(saved.state.data.path, 'file:///ws/messwerte.csv');
    assert.deepStrictEqual(saved.state.data.columns, { x: 'Zeit (s)', y: 'Temperatur', xIndex: 1, yIndex: 2 });
    await page.locator('#section-data').screenshot({ path: fromRoot('artifacts', 'data-loaded-520-dark.png') });
    // A window reload keeps it (the points were saved), and says the file changed when the host says so.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('messwerte.csv'));
    await openSection(page, 'section-data');
    await page.evaluate(() => window.postMessage({ type: 'dataFileChanged', path: 'file:///ws/messwerte.csv', change: 'deleted' }, '*'));
    await page.waitForSelector('#data-file-status:not([hidden])');
    assert.match((await page.textContent('#data-file-status')) ?? '', /was deleted or moved; the playground keeps the copy it read/);
    await page.evaluate(() => window.postMessage({ type: 'dataFileChanged', path: 'file:///ws/messwerte.csv', change: 'changed' }, '*'));
    await page.waitForSelector('#data-reload');
    await page.click('#data-reload');
    assert.ok((await posted(page)).some((m) => m.type === 'readDataFile' && m.path === 'file:///ws/messwerte.csv'));
    await page.click('#lesson-data');
    await page.waitForFunction(() => /20 points · seed 42/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    assert.strictEqual(await page.isVisible('#data-generator'), true);
  });

  it("loads the sample workspace's messy measurements.csv in the light theme (screenshots)", async () => {
    const light = await session.open({ width: 520, height: 1100, theme: 'light' });
    try {
      await openSection(light, 'section-data');
      const text = fs.readFileSync(fromRoot('sandbox-workspace', 'measurements.csv'), 'utf8');
      await sendFile(light, 'measurements.csv', 'file:///ws/measurements.csv', text);
      await light.waitForSelector('#import-preview');
      // The header names x and y nowhere: the first two numeric columns are offered (sample, load); pick load and extension.
      await light.selectOption('#import-x', '1');
      await light.selectOption('#import-y', '2');
      await light.locator('#section-data').screenshot({ path: fromRoot('artifacts', 'data-preview-520-light.png') });
      await light.click('#import-load');
      await light.waitForFunction(() =>
        (document.querySelector('#data-summary')?.textContent ?? '').startsWith('measurements.csv · 57 points'),
      );
      assert.match(
        (await light.textContent('#data-used')) ?? '',
        new RegExp(
          /^x = "load \(N\)", y = "extension \(mm\)"; 57 of 60 rows used; 3 of 60 rows skipped: /.source +
            /2 with text in column "extension \(mm\)", e\.g\. row 17: 'n\/a'; 1 with an empty cell .*; 1 blank line ignored; 2 comment lines ignored$/
              .source,
        ),
      );
      await light.evaluate(() => window.scrollTo(0, 0));
      await light.screenshot({
        path: fromRoot('artifacts', 'data-measurements-520-light.png'),
        clip: { x: 0, y: 0, width: 520, height: 420 },
      });
      await light.locator('#section-data').screenshot({ path: fromRoot('artifacts', 'data-loaded-520-light.png') });
    } finally {
      await light.close();
    }
  });

  it('takes a file dropped on the panel, and saves the data and the fitted curve as CSV', async () => {
    const text = 't;v\n0,5;1,25\n1,5;3,25\n2,5;7,5\n4;9,75\n';
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      const at = document.querySelector('#fit-chart')!;
      for (const type of ['dragover', 'drop'])
        at.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForSelector('#data-import:not([hidden]) #import-load');
    assert.match(
      (await page.textContent('#import-facts')) ?? '',
      /^dropped\.csv · \d+ bytes · semicolon-separated, decimal commas read · header row/,
    );
    await page.click('#import-load');
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('dropped.csv · 4 points'));
    const expected = parseCsv(text);
    assert.ok(expected.ok);

    // "Save data as CSV…": the points as loaded, under their own column names, every digit kept.
    await page.click('#save-data-csv');
    const saves = () => posted(page).then((all) => all.filter((m) => m.type === 'saveText') as unknown as SaveText[]);
    const [data] = await saves();
    assert.strictEqual(data.name, 'dropped.csv');
    assert.strictEqual(data.text.split('\n')[0], 't,v');
    const back = parseCsv(data.text);
    assert.ok(back.ok);
    assert.deepStrictEqual(
      [Array.from(back.value.data.x), Array.from(back.value.data.y)],
      [Array.from(expected.value.data.x), Array.from(expected.value.data.y)],
    );

    // "Save fitted curve as CSV…": x across the chart and the model's prediction there, as the core computes it.
    await page.click('#save-fit-csv');
    const fit = (await saves())[1];
    assert.strictEqual(fit.name, 'fitted-curve.csv');
    assert.strictEqual(fit.text.split('\n')[0], 'x,prediction');
    const curve = parseCsv(fit.text);
    assert.ok(curve.ok);
    const xs = curve.value.data.x;
    assert.ok(xs.length >= 100, `${xs.length} curve points`);
    assert.ok(xs[0] < 0.5 && xs[xs.length - 1] > 4, `the curve spans the data (${xs[0]} to ${xs[xs.length - 1]})`);
    assert.ok(
      xs.every((x, i) => i === 0 || x > xs[i - 1]),
      'x ascending',
    );
    const state = JSON.parse((await page.evaluate(() => sessionStorage.getItem('nn-state')))!) as { params: number[] };
    const predicted = createEvaluator(presetModel('quadratic').program, Float64Array.from(xs)).predict(Float64Array.from(state.params));
    assert.deepStrictEqual(Array.from(curve.value.data.y), Array.from(predicted));
  });

  it('refuses a binary file, a file with no numbers and a refused read, keeping the data', async () => {
    await page.evaluate(() => {
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      window.postMessage({ type: 'dataFile', purpose: 'new', name: 'photo.png', path: null, bytes, mtime: 0 }, '*');
    });
    await page.waitForFunction(() => (document.querySelector('#data-error')?.textContent ?? '').includes('photo.png'));
    assert.match(
      (await page.textContent('#data-error')) ?? '',
      /photo\.png \(12 bytes\): This is not a text file: it holds binary data .* The data you had is kept\./,
    );
    await sendFile(page, 'names.csv', null, 'name,city\nann,paris\nbob,rome\n');
    await page.waitForSelector('#import-problem');
    assert.match((await page.textContent('#import-problem')) ?? '', /No column holds numbers/);
    assert.strictEqual(await page.$eval('#import-load', (b) => b.hasAttribute('disabled')), true);
    await page.click('#import-cancel');
    await page.evaluate(() =>
      window.postMessage(
        {
          type: 'dataFileRefused',
          purpose: 'new',
          name: 'huge.csv',
          path: 'file:///huge.csv',
          error: 'The file is 2.0 GB; the limit is 256 MB.',
        },
        '*',
      ),
    );
    await page.waitForFunction(() => (document.querySelector('#data-error')?.textContent ?? '').includes('huge.csv'));
    assert.match(
      (await page.textContent('#data-error')) ?? '',
      /huge\.csv: The file is 2\.0 GB; the limit is 256 MB\. The data you had is kept\./,
    );
    assert.match(await summary(page), /20 points · seed 42/);
  });

  it('loads 1,000,000 rows without blocking the page (no task over 100 ms from Load to the first plot and step); Cancel keeps the data', async function () {
    this.timeout(300_000);
    await page.evaluate(
      ([rows]) => {
        const x = (i: number) => (i - rows / 2) / 250_000;
        const y = (i: number) => Math.round((3 * x(i) ** 2 + 2 * x(i) + 1 + ((i * 7919) % 1000) / 1000 - 0.5) * 1e4) / 1e4;
        const parts = ['x,y\n'];
        for (let i = 0; i < rows; i++) parts.push(`${x(i)},${y(i)}\n`);
        (window as unknown as { __big: Uint8Array }).__big = new TextEncoder().encode(parts.join(''));
      },
      [ROWS],
    );
    // A copy for each send, made beforehand (the host makes none on the page's thread): the page hands the bytes to its worker.
    const copy = () =>
      page.evaluate(
        () => ((window as unknown as { __copy: Uint8Array }).__copy = (window as unknown as { __big: Uint8Array }).__big.slice()),
      );
    const send = () =>
      page.evaluate(() => {
        const bytes = (window as unknown as { __copy: Uint8Array }).__copy;
        window.postMessage({ type: 'dataFile', purpose: 'new', name: 'million.csv', path: 'file:///ws/million.csv', bytes, mtime: 1 }, '*');
      });

    // Cancel while it loads: the lesson's data stays, and says so.
    await copy();
    await send();
    await page.click('#import-load');
    await page.waitForSelector('#import-progress', { state: 'visible', timeout: 60_000 });
    await page.click('#import-cancel');
    await page.waitForFunction(() =>
      /Loading cancelled; the data you had is kept\./.test(document.querySelector('#data-error')?.textContent ?? ''),
    );
    assert.match(await summary(page), /20 points · seed 42/);
    assert.strictEqual(await page.isVisible('#import-progress'), false, 'the progress bar went away');

    await copy();
    await page.evaluate(() => (window as unknown as { gc: () => void }).gc());
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[][]; __progress: number[] };
      w.__longTasks = [];
      performance.clearMarks('nn-data-parsed');
      performance.clearMarks('nn-data-prepared');
      performance.clearMeasures('nn-data-applied');
      w.__progress = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push([e.startTime, e.duration]))).observe({
        type: 'longtask',
        buffered: false,
      });
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('#import-progress');
        if (bar && !bar.closest('[hidden]')) w.__progress.push(bar.value);
      }).observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    });
    await send();
    await page.waitForSelector('#import-load');
    const clickedAt = await page.evaluate(() => performance.now());
    await page.click('#import-load');
    await page.waitForFunction(
      () => /million\.csv · 1,000,000 points/.test(document.querySelector('#data-summary')?.textContent ?? ''),
      null,
      { timeout: 180_000 },
    );
    await page.waitForFunction(() => /of 1,000,000 points/.test(document.querySelector('#fit-sample-note')?.textContent ?? ''));
    const plottedAt = await page.evaluate(() => performance.now());
    const plottedTitle = await readout(page);
    await backendReady(page);
    await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '1', null, { timeout: 60_000 });
    const steppedAt = await page.evaluate(() => performance.now());
    const { longTasks, progress, parsedAt, preparedAt, applyMs } = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[][]; __progress: number[] };
      const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const applied = performance.getEntriesByName('nn-data-applied')[0];
      return {
        longTasks: w.__longTasks,
        progress: w.__progress,
        parsedAt: mark('nn-data-parsed'),
        preparedAt: mark('nn-data-prepared'),
        applyMs: applied ? applied.duration : NaN,
      };
    });
    // Every task from the file's arrival to the first step: the preview, the worker's messages, the
    // evaluation made in steps, the first loss over every point, the chart, the backend, the step.
    const tasks = longTasks.map(([start, duration]) => `${Math.round(duration)} ms at +${Math.round(start - clickedAt)} ms`);
    console.log(
      `      1M rows: Load → parsed ${Math.round(parsedAt - clickedAt)} ms → prepared ${Math.round(preparedAt - clickedAt)} ms → ` +
        `first plot ${Math.round(plottedAt - clickedAt)} ms → first step ${Math.round(steppedAt - clickedAt)} ms; ` +
        `using the data (first loss, views, backend): ${applyMs.toFixed(0)} ms; ` +
        `tasks over 50 ms: ${tasks.length ? tasks.join(', ') : 'none'}; ${progress.length} progress values`,
    );
    if (process.env.NN_DEBUG_MARKS)
      console.log(
        await page.evaluate(() => JSON.stringify(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))),
      );
    assert.ok(Number.isFinite(parsedAt) && Number.isFinite(preparedAt), 'the parse and the preparation finished');
    assert.ok(
      progress.some((v) => v > 0 && v < 1),
      `the progress bar showed and moved (${progress.length} values: ${progress.slice(0, 5).join(', ')})`,
    );
    assert.ok(new Set(progress).size >= 2, 'the progress bar moved');
    const longest = Math.max(0, ...longTasks.map(([, duration]) => duration));
    assert.ok(longest <= 100, `no task over 100 ms from the file to the first step: ${tasks.join(', ')}`);
    assert.strictEqual(await page.getAttribute('body', 'data-data-parser'), 'worker', 'parsed in the Web Worker');
    assert.match(
      (await page.textContent('#fit-sample-note')) ?? '',
      /Showing 4,000 of 1,000,000 points \(a random sample\); the loss and training use all of them\./,
    );
    // The title's loss is over all 1,000,000 points, as the core computes it here.
    const xs = Float64Array.from({ length: ROWS }, (_, i) => xOf(i));
    const ys = Float64Array.from({ length: ROWS }, (_, i) => yOf(i));
    const expected = quadraticTitle([1.1, 1.1, 1.1], 'mae', { x: xs, y: ys });
    assert.strictEqual(plottedTitle, expected);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: fromRoot('artifacts', 'data-million-520-dark.png'), clip: { x: 0, y: 0, width: 520, height: 420 } });
    // A reload keeps the file's path (1M points are too many to save) and asks the host to read it again.
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const asked = (await posted(page)).filter((m) => m.type === 'readDataFile');
    assert.deepStrictEqual(asked, [{ type: 'readDataFile', path: 'file:///ws/million.csv' }]);
  });
});
