// The playground's webview bundle in headless Chromium, under the panel's own CSP, driven through
// its UI: sliders against the core's numbers, training, errors, reset, lesson, export, restore.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import {
  backendReady,
  lessonLogLines,
  lossValue,
  numberBox,
  openSection,
  posted,
  quadraticTitle,
  readout,
  sendFromHost,
  slider,
  stepCount,
  useBrowser,
  useCheckedPage,
} from './helpers';

describe('playground webview (headless Chromium)', function () {
  let page: Page;
  useCheckedPage(useBrowser(), { each: {}, keep: (opened) => (page = opened) });

  it('opens with the lesson data and the quadratic at a = b = c = 1.1, titled with the core MAE', async () => {
    assert.strictEqual(await readout(page), quadraticTitle([1.1, 1.1, 1.1]));
    assert.strictEqual(await readout(page), 'MAE: 2.32');
    for (const name of ['a', 'b', 'c']) assert.strictEqual(await page.inputValue(numberBox(name)), '1.1');
    assert.match((await page.textContent('#data-summary')) ?? '', /20 points · seed 42/);
    assert.strictEqual(await page.getAttribute('#loss-readout', 'aria-live'), 'polite');
    assert.match((await page.getAttribute('#fit-chart', 'aria-label')) ?? '', /MAE: 2\.32/);
  });

  it('moving the a slider changes the MAE to the value the core computes', async () => {
    await page.focus(slider('a'));
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
    const a = Number(await page.inputValue(slider('a')));
    assert.ok(a > 1.1, `a moved right (${a})`);
    await page.waitForFunction(
      (expected) => document.querySelector('#loss-readout')?.textContent === expected,
      quadraticTitle([a, 1.1, 1.1]),
    );
    assert.strictEqual(Number(await page.inputValue(numberBox('a'))), Number(a.toPrecision(5)));
    await page.waitForFunction(
      (expected) => (document.querySelector('#fit-chart')?.getAttribute('aria-label') ?? '').includes(expected),
      quadraticTitle([a, 1.1, 1.1]),
    );
  });

  it('typing a value in the number box moves the parameter', async () => {
    await page.fill(numberBox('c'), '2.5');
    await page.press(numberBox('c'), 'Enter');
    await page.waitForFunction(
      (expected) => document.querySelector('#loss-readout')?.textContent === expected,
      quadraticTitle([1.1, 1.1, 2.5]),
    );
    await page.fill(numberBox('c'), '');
    await page.press(numberBox('c'), 'Enter');
    assert.strictEqual(await page.getAttribute(numberBox('c'), 'aria-invalid'), 'true');
    assert.strictEqual(await readout(page), quadraticTitle([1.1, 1.1, 2.5]), 'an empty box is refused');
  });

  it('shows which way lowers the loss next to each slider', async () => {
    const label = (await page.getAttribute('[data-grad="a"]', 'aria-label')) ?? '';
    assert.match(label, /^gradient -?[\d.e-]+: (increasing|decreasing) a lowers the loss$/);
    assert.strictEqual(
      await page.getAttribute('[data-grad="a"]', 'data-direction'),
      'up',
      'at a = 1.1 the curve is too flat: a should grow',
    );
  });

  it('Train lowers the loss, and Pause stops it', async () => {
    const before = lossValue(await readout(page));
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) >= 200);
    assert.strictEqual((await page.textContent('#train'))?.trim(), 'Pause');
    await page.click('#train');
    await page.waitForFunction(() => document.querySelector('#train')?.textContent?.trim() === 'Train');
    const after = lossValue(await readout(page));
    assert.ok(after < before - 1, `loss fell from ${before} to ${after}`);
    const steps = await stepCount(page);
    await page.waitForTimeout(200);
    assert.strictEqual(await stepCount(page), steps, 'paused: no more steps');
    assert.match((await page.textContent('#backend-status')) ?? '', /^cpu · [\d,]+ steps\/s/);
    const lines = ((await page.textContent('#log')) ?? '').trim().split('\n');
    assert.match(lines[lines.length - 1], /^step=\d+; loss=\d+\.\d\d and \[-?\d+\.\d{4}, -?\d+\.\d{4}, -?\d+\.\d{4}\]$/);
  });

  it('a broken formula shows an inline error at its position while the last model keeps running', async () => {
    const title = await readout(page);
    await page.fill('#formula', 'a*x**2 + b*x +');
    await page.waitForSelector('#formula-error:not([hidden])');
    const error = (await page.textContent('#formula-error')) ?? '';
    assert.match(error, /Expected .* at position 15, found the end of the formula/);
    assert.strictEqual(await page.getAttribute('#formula', 'aria-invalid'), '');
    assert.strictEqual(await page.$$eval('#formula-error mark', (marks) => marks.length), 1);
    assert.strictEqual(await readout(page), title, 'the last valid model still runs');
    await page.focus(slider('b'));
    await page.keyboard.press('ArrowLeft');
    const b = Number(await page.inputValue(slider('b')));
    await page.waitForFunction(
      (expected) => document.querySelector('#loss-readout')?.textContent === expected,
      quadraticTitle([1.1, b, 1.1]),
    );

    await page.fill('#formula', 'a*x**2 + b*x + c + d');
    await page.waitForSelector('#formula-error', { state: 'hidden' });
    await page.waitForSelector(slider('d'));
    assert.strictEqual(await page.inputValue('#model-preset'), 'custom');
    assert.strictEqual(Number(await page.inputValue(slider('b'))), b, 'b keeps its value in the new formula');
  });

  it('Reset restores the start values, step 0 and an empty log', async () => {
    const start = await readout(page);
    await page.focus(slider('a'));
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 3; i++) await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) === 3);
    assert.notStrictEqual(await readout(page), start);
    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '0');
    assert.strictEqual(await readout(page), start);
    for (const name of ['a', 'b', 'c']) assert.strictEqual(await page.inputValue(numberBox(name)), '1.1');
    assert.ok(await page.$eval('#log', (log) => log.classList.contains('is-empty')));
  });

  it("the lesson's 10-step loop prints the notebook's lines (gradients accumulated)", async () => {
    await page.click('[data-chapter="loop"]');
    await page.waitForSelector('#chapter-hint:not([hidden])');
    assert.strictEqual(await page.isChecked('#accumulate'), true);
    await backendReady(page);
    await page.click('#train');
    await page.waitForFunction(
      () =>
        document.querySelector('#step-count')?.textContent === '11' && document.querySelector('#train')?.textContent?.trim() === 'Train',
    );
    // The notebook's loop, after its one manual step.
    const expected = lessonLogLines(10, { accumulateGrad: true, before: 1 });
    assert.deepStrictEqual(((await page.textContent('#log')) ?? '').trim().split('\n'), expected);
    assert.match((await page.textContent('#notice')) ?? '', /Stopped after 10 steps/);
  });

  it('every chapter of the lesson loads, in order, without errors', async () => {
    const ids = await page.$$eval('[data-chapter]', (items) => items.map((item) => (item as HTMLElement).dataset.chapter!));
    assert.ok(ids.length >= 10);
    for (const id of ids) {
      await page.click(`[data-chapter="${id}"]`);
      await page.waitForSelector(`[data-chapter="${id}"][aria-current="step"]`);
      await page.waitForFunction(() => /^M[AS]E: /.test(document.querySelector('#loss-readout')?.textContent ?? ''));
    }
    await page.click('[data-chapter="double-relu"]');
    await page.waitForSelector(slider('m2'));
    assert.strictEqual(await page.inputValue(numberBox('m1')), '-1.5');
    assert.match((await page.textContent('#y-range option[value="lesson"]')) ?? '', /-1 to 6/);
  });

  it('a diverging run stops with a message and keeps the last good parameters', async () => {
    await page.selectOption('#loss-kind', 'mse');
    await page.fill('#lr', '5');
    await page.press('#lr', 'Enter');
    await page.click('#train');
    await page.waitForSelector('#notice[data-kind="error"]:not([hidden])', { timeout: 30_000 });
    assert.match((await page.textContent('#notice')) ?? '', /Training stopped: diverged at step \d+/);
    assert.strictEqual((await page.textContent('#train'))?.trim(), 'Train');
    for (const name of ['a', 'b', 'c']) assert.ok(Number.isFinite(Number(await page.inputValue(numberBox(name)))), `${name} is finite`);
    assert.match(await readout(page), /^MSE: \d/);
    const stretched = Number(await page.getAttribute(slider('a'), 'max'));
    assert.ok(stretched > 10, `the a slider grew to ${stretched} while diverging`);
    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '0');
    assert.strictEqual(Number(await page.getAttribute(slider('a'), 'max')), 3 * 1.1, "Reset restores the lesson's slider range");
  });

  it('warns when the loss grows without diverging (the steps overshoot)', async () => {
    await page.fill('#lr', '50');
    await page.press('#lr', 'Enter');
    await page.click('#train');
    await page.waitForSelector('#notice[data-kind="warning"]:not([hidden])', { timeout: 30_000 });
    assert.match(
      (await page.textContent('#notice')) ?? '',
      /The MAE has grown from 2\.32 to \d+\.\d\d \(step \d+\): each step overshoots the minimum/,
    );
    await page.click('#train');
  });

  it('refuses a bad learning rate in place and keeps the old one', async () => {
    await page.fill('#lr', '-1');
    await page.press('#lr', 'Enter');
    assert.match((await page.textContent('#train-error')) ?? '', /learning rate must be a number above 0/);
    await page.fill('#lr', '');
    await page.press('#lr', 'Enter');
    assert.match((await page.textContent('#train-error')) ?? '', /learning rate must be a number above 0/);
    await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '1');
    const line = ((await page.textContent('#log')) ?? '').trim();
    assert.strictEqual(line, lessonLogLines(1, { accumulateGrad: false })[0], 'the step used lr = 0.01');
  });

  it('a CSV without two usable rows is refused, naming the row skipped; a good one replaces the data', async () => {
    await sendFromHost(page, { type: 'csv', name: 'bad.csv', text: 'x,y\n1,2\n3,abc\n' });
    await page.waitForFunction(() => (document.querySelector('#data-error')?.textContent ?? '').length > 0);
    assert.match(
      (await page.textContent('#data-error')) ?? '',
      /bad\.csv: Need at least 2 rows .* text in column "y", e\.g\. row 3: 'abc'/,
    );
    assert.match((await page.textContent('#data-summary')) ?? '', /20 points/);
    await sendFromHost(page, { type: 'csv', name: 'good.csv', text: 'x,y\n0,1\n1,6\n2,17\n' });
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('good.csv'));
    assert.strictEqual(await page.textContent('#data-error'), '');
  });

  it('keeps a loaded CSV when a chapter replaces the data, and brings it back', async () => {
    await sendFromHost(page, { type: 'csv', name: 'mine.csv', text: 'x,y\n0,1\n1,6\n2,17\n' });
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('mine.csv'));
    assert.strictEqual(await page.isVisible('#user-csv'), false);
    await page.click('[data-chapter="loop"]');
    await page.waitForFunction(() => /20 points/.test(document.querySelector('#data-summary')?.textContent ?? ''));
    await openSection(page, 'section-data');
    assert.strictEqual((await page.textContent('#user-csv'))?.trim(), 'Back to mine.csv');
    await page.click('#user-csv');
    await page.waitForFunction(() => (document.querySelector('#data-summary')?.textContent ?? '').startsWith('mine.csv'));
    assert.strictEqual(await page.isVisible('#user-csv'), false);
  });

  it('a bad generator setting is named and the data stays', async () => {
    await page.fill('#data-n', '0');
    await page.click('#regenerate');
    await page.waitForFunction(() => (document.querySelector('#data-error')?.textContent ?? '').length > 0);
    assert.match((await page.textContent('#data-error')) ?? '', /Number of points must be a whole number/);
    await page.fill('#data-n', '20');
    await page.fill('#data-fn', 'sin(');
    await page.click('#regenerate');
    await page.waitForFunction(() => (document.querySelector('#data-error')?.textContent ?? '').includes('Data function'));
    assert.strictEqual(await readout(page), 'MAE: 2.32');
  });

  it('ignores a malformed host message, logs it to the host, and keeps working', async () => {
    await sendFromHost(page, { type: 'open', request: { preset: 'nope' } });
    await sendFromHost(page, { type: 'mystery' });
    await sendFromHost(page, 'not even an object');
    await page.waitForFunction(
      () =>
        (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted.filter((m) => m.type === 'log').length >= 3,
    );
    const logs = (await posted(page)).filter((m) => m.type === 'log');
    assert.ok(logs.every((m) => m.level === 'warn' && String(m.message).startsWith('Ignored a message from the host')));
    assert.strictEqual(await readout(page), 'MAE: 2.32');
  });

  it('a command from the host switches the model (Fit ReLU) with the lesson start values and y range', async () => {
    await sendFromHost(page, { type: 'open', request: { preset: 'relu' } });
    await page.waitForSelector(slider('m'));
    assert.strictEqual(await page.inputValue(numberBox('m')), '1.5');
    assert.strictEqual(await page.inputValue('#model-preset'), 'relu');
    assert.match((await page.textContent('#y-range option[value="lesson"]')) ?? '', /-1 to 4/);
    await sendFromHost(page, { type: 'open', request: { preset: 'nRelus', units: 5 } });
    await page.waitForSelector(slider('m[4]'), { state: 'attached' });
    await page.waitForSelector(slider('w[4]'), { state: 'attached' });
    assert.strictEqual(await page.inputValue('#units'), '5');
  });

  it('keeps model, parameters, data and history across a reload', async () => {
    await page.fill('#formula', 'a*x**2 + b*x + c + 0*d');
    await page.waitForSelector(slider('d'));
    await page.fill(numberBox('a'), '2.75');
    await page.press(numberBox('a'), 'Enter');
    for (let i = 0; i < 4; i++) await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '4');
    const before = { title: await readout(page), a: await page.inputValue(numberBox('a')), log: await page.textContent('#log') };
    await page.waitForTimeout(400); // the state is saved a moment after the last change
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.strictEqual(await page.inputValue('#formula'), 'a*x**2 + b*x + c + 0*d');
    assert.deepStrictEqual(
      { title: await readout(page), a: await page.inputValue(numberBox('a')), log: await page.textContent('#log') },
      before,
    );
    assert.strictEqual(await stepCount(page), 4);
  });

  it('carries on after a reload with the same step count and accumulated gradient', async () => {
    await page.click('[data-chapter="loop"]');
    await page.waitForSelector('#chapter-hint:not([hidden])');
    await backendReady(page);
    for (let i = 0; i < 5; i++) await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '6');
    await page.waitForTimeout(400); // the state is saved a moment after the last change
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await backendReady(page);
    for (let i = 0; i < 5; i++) await page.click('#step');
    await page.waitForFunction(() => document.querySelector('#step-count')?.textContent === '11');
    // The notebook's loop, after its one manual step.
    const expected = lessonLogLines(10, { accumulateGrad: true, before: 1 });
    assert.deepStrictEqual(((await page.textContent('#log')) ?? '').trim().split('\n'), expected);
  });

  it('exports the parameters, runnable PyTorch code and the chart as PNG and SVG', async () => {
    await openSection(page, 'section-export');
    await page.click('#copy-params');
    await page.click('#copy-code');
    await page.click('#save-png');
    await page.click('#save-svg');
    await page.waitForFunction(
      () =>
        (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted.filter((m) => m.type === 'saveImage')
          .length === 2,
    );
    const messages = await posted(page);
    const copies = messages.filter((m) => m.type === 'copy');
    assert.deepStrictEqual(JSON.parse(String(copies[0].text)), { a: 1.1, b: 1.1, c: 1.1 });
    const code = String(copies[1].text);
    assert.match(code, /np\.random\.seed\(42\)/);
    assert.match(code, /def model\(params, x\):\n {4}a, b, c = params\n {4}return a\*x\*\*2 \+ b\*x \+ c/);
    assert.match(code, /params -= params\.grad\*\(0\.01\)/);
    const images = messages.filter((m) => m.type === 'saveImage');
    assert.match(String(images[0].data), /^iVBORw0KGgo/, 'a PNG, base64');
    assert.match(String(images[1].data), /^<svg[\s\S]*MAE: 2\.32[\s\S]*<\/svg>$/);
  });
});
