// The "Layers" model in headless Chromium, through the page's own UI: the preset and the layer
// editor (add, remove, widen a layer; the shape and the weight heat maps follow), training on cpu
// lowers the loss and the title's loss is the core's at the page's weights; screenshots at 520 px
// and 225 px in light, dark and high contrast. Two inputs (the plane, its redraw timing, reload,
// the export run in torch): two-inputs.test.ts.
import * as assert from 'assert';
import * as path from 'path';
import { Page } from 'playwright-core';
import { formatLossTitle } from '../../src/core/format';
import { MlpEvaluator } from '../../src/core/model/mlp-evaluator';
import { initMlp, MlpSpec } from '../../src/core/model/mlp';
import { ARTIFACTS, lessonData, readout, savedState as savedAny, stepCount, useBrowser, useCheckedPage } from './helpers';

interface SavedNetwork {
  model: { preset: string; network?: { inputs: number; hidden: MlpSpec['hidden']; seed: number } };
  params: number[];
  step: number;
  train: { loss: 'mae' | 'mse' };
}

const savedState = (page: Page) => savedAny<SavedNetwork>(page);

async function shape(page: Page): Promise<string> {
  return ((await page.textContent('#layer-shape')) ?? '').trim();
}

describe('Layers: a network in the playground (headless Chromium)', function () {
  let page: Page;
  const { open } = useCheckedPage(useBrowser(), { keep: (opened) => (page = opened) });

  it('the layer editor adds, widens and removes layers; the shape, the weights and the saved network follow', async () => {
    await open({ preset: 'layers', width: 1100, height: 900 });
    assert.strictEqual(await page.inputValue('#model-preset'), 'layers');
    assert.match(await shape(page), /^1 → 8 → 8 → 1 · 97 parameters$/);
    assert.ok(await page.isHidden('#formula'), 'a network has no formula field');
    const start = await savedState(page);
    const spec: MlpSpec = { inputs: 1, hidden: start.model.network!.hidden };
    assert.deepStrictEqual(start.params, Array.from(initMlp(spec, 0)), "the weights are nn.Linear's default from seed 0");

    await page.click('#add-layer');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 8 → 8 → 8 → 1'));
    await page.waitForSelector('#weights-W4');
    await page.click('[data-key="widen-2"]');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 8 → 9 → 8 → 1'));
    assert.strictEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'widen-2', 'the focus stays on widen');
    // The keyboard: Enter on the focused button widens again; a typed width applies on change.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 8 → 10 → 8 → 1'));
    await page.fill('[data-key="width-1"]', '3');
    await page.press('[data-key="width-1"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 3 → 10 → 8 → 1'));
    await page.selectOption('[data-key="activation-3"]', 'tanh');
    await page.click('[data-key="remove-2"]');
    await page.waitForFunction(() => document.querySelector('#layer-shape')?.textContent?.startsWith('1 → 3 → 8 → 1'));
    // Weight matrices: W1 3×1, W2 8×3, W3 1×8, each drawn with one cell per weight.
    for (const [name, rows, cols] of [
      ['W1', 3, 1],
      ['W2', 8, 3],
      ['W3', 1, 8],
    ] as const) {
      assert.strictEqual(await page.getAttribute(`#weights-${name}`, 'data-shape'), `${rows}x${cols}`, name);
    }
    assert.ok(!(await page.$('#weights-W4')), 'the removed layer’s matrix is gone');
    await page.waitForTimeout(400);
    const saved = await savedState(page);
    assert.deepStrictEqual(saved.model.network?.hidden, [
      { width: 3, activation: 'relu' },
      { width: 8, activation: 'tanh' },
    ]);
    // Refused: a width past the limit keeps the network and says why.
    await page.fill('[data-key="width-1"]', '999');
    await page.press('[data-key="width-1"]', 'Enter');
    await page.waitForFunction(() => /1 to 256/.test(document.querySelector('#layer-editor .error-text')?.textContent ?? ''));
    assert.match(await shape(page), /^1 → 3 → 8 → 1/);
  });

  it('training on cpu lowers the loss, and the title shows the core’s loss at the page’s weights', async () => {
    await open({ preset: 'layers', width: 1100, height: 900 });
    const before = await savedState(page);
    const spec: MlpSpec = { inputs: 1, hidden: before.model.network!.hidden };
    const evaluator = new MlpEvaluator(spec, lessonData);
    const startLoss = evaluator.loss(Float64Array.from(before.params), lessonData.y, before.train.loss);
    assert.strictEqual(await readout(page), formatLossTitle(before.train.loss, startLoss));
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) >= 300, null, { timeout: 60_000 });
    await page.click('#train');
    await page.waitForFunction(() => document.querySelector('#train')?.textContent?.includes('Train'));
    await page.waitForTimeout(400);
    const after = await savedState(page);
    assert.strictEqual(after.step, await stepCount(page));
    const endLoss = evaluator.loss(Float64Array.from(after.params), lessonData.y, after.train.loss);
    assert.ok(endLoss < startLoss * 0.8, `the loss fell: ${startLoss} → ${endLoss}`);
    assert.strictEqual(await readout(page), formatLossTitle(after.train.loss, endLoss));
  });

  it('screenshots at 520 px and 225 px in light, dark and high contrast', async () => {
    for (const theme of ['light', 'dark', 'hc'] as const) {
      for (const width of [520, 225]) {
        await open({ preset: 'layers', theme, width, height: 1400 });
        await page.waitForTimeout(300);
        await page.screenshot({ path: path.join(ARTIFACTS, `layers-${theme}-${width}.png`), fullPage: false });
        await page.context().close();
      }
    }
  });
});
