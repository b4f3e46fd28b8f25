// Issue 9's polish, in headless Chromium through the page's own UI: the line that says where a
// save went covers no button (520 and 225 px); in the one-column layout (520 and 225 px) Tab walks
// the controls in the order they are on screen, top to bottom and left to right; the gradient
// meter's arrows and bars and the readouts have WCAG contrast with the panel's background in the
// light, dark and both high-contrast themes (3:1 graphics, 4.5:1 text; written to
// artifacts/contrast.json); and the toolbar keeps its height when training shows its speed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { contrastRatio, parseColor } from '../../webview/ui/contrast';
import { ARTIFACTS, numberBox, openSection, posted, sendFromHost, useBrowser, useCheckedPage, violations } from './helpers';
const SECTIONS = ['section-model', 'section-lesson', 'section-train', 'section-data', 'section-export'];
const VIEWS = ['slices', 'landscape', 'ledger', 'graph'];

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Every visible button-like control's box (the note's own Open button aside), in page coordinates. */
async function buttonBoxes(page: Page, except: string): Promise<{ what: string; box: Box }[]> {
  return page.evaluate((noteSelector) => {
    const note = document.querySelector(noteSelector);
    const out: { what: string; box: Box }[] = [];
    for (const el of Array.from(document.querySelectorAll('button, vscode-button, input, select, summary'))) {
      if (note?.contains(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const box = { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
      out.push({ what: `${el.tagName.toLowerCase()}#${el.id || el.textContent?.trim().slice(0, 30)}`, box });
    }
    return out;
  }, except);
}

async function boxOf(page: Page, selector: string): Promise<Box> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
  });
}

/** Presses Tab until the focus comes back round (or leaves the page); each stop's name and box in page coordinates. */
async function tabWalk(page: Page, limit = 400): Promise<{ what: string; box: Box }[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  // A click on the page's top left corner (the toolbar's padding) starts the walk at the top, as a
  // learner's would: Chromium starts Tab from where the last click or focus was.
  await page.mouse.click(2, 2);
  const stops: { what: string; box: Box; key: string }[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.hasAttribute('data-tab-walk')) el.setAttribute('data-tab-walk', String(Math.random()));
      const r = el.getBoundingClientRect();
      const label = el.id || el.getAttribute('aria-label') || el.getAttribute('data-param') || el.textContent?.trim().slice(0, 24) || '';
      return {
        key: el.getAttribute('data-tab-walk')!,
        what: `${el.tagName.toLowerCase()}:${label}`,
        box: { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY },
      };
    });
    if (!stop || stops.some((s) => s.key === stop.key)) break;
    stops.push(stop);
  }
  return stops.map(({ what, box }) => ({ what, box }));
}

/** Where the next Tab stop is before the previous one on screen: wholly above it, or on its line and wholly left of it. */
function backwardSteps(stops: { what: string; box: Box }[]): string[] {
  const out: string[] = [];
  const shown = stops.filter((s) => s.box.right > s.box.left && s.box.bottom > s.box.top);
  for (let i = 1; i < shown.length; i++) {
    const [a, b] = [shown[i - 1], shown[i]];
    const above = b.box.bottom <= a.box.top + 1;
    const sameLine = b.box.top < a.box.bottom && a.box.top < b.box.bottom;
    const leftOf = sameLine && b.box.right <= a.box.left + 1;
    const at = (s: { what: string; box: Box }) => `${s.what} (${Math.round(s.box.left)},${Math.round(s.box.top)})`;
    if (above || leftOf) out.push(`${at(a)} → ${at(b)}: ${above ? 'above' : 'left of it on its line'}`);
  }
  return out;
}

/** Computed colours of the first element matching each selector (`color`, or `background-color` with `bg:`). */
async function colors(page: Page, selectors: Record<string, string>): Promise<Record<string, string>> {
  return page.evaluate((wanted) => {
    const out: Record<string, string> = {};
    for (const [name, spec] of Object.entries(wanted)) {
      const background = spec.startsWith('bg:');
      const el = document.querySelector(background ? spec.slice(3) : spec);
      if (!el) throw new Error(`no ${spec} on the page`);
      const style = getComputedStyle(el);
      out[name] = background ? style.backgroundColor : style.color;
    }
    return out;
  }, selectors);
}

describe("the lesson's polish: saved line, Tab order, contrast, toolbar (headless Chromium)", function () {
  const pages = useCheckedPage(useBrowser());

  for (const width of [520, 225]) {
    it(`${width} px: the line saying where a save went covers no button, and its Open asks the host`, async () => {
      const page = await pages.open({ theme: 'dark', width, height: 900 });
      for (const [section, button, label, note] of [
        ['section-export', '#save-svg', 'the chart', '#chart-saved'],
        ['section-data', '#save-data-csv', 'the data', '#data-saved'],
      ] as const) {
        await openSection(page, section);
        await page.locator(button).scrollIntoViewIfNeeded();
        await page.click(button);
        const asked = section === 'section-export' ? 'saveImage' : 'saveText';
        await page.waitForFunction(
          (type) => (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted.some((m) => m.type === type),
          asked,
        );
        // What the host answers once the file is written.
        await sendFromHost(page, { type: 'saved', label, where: 'results/nn-fit-with-a-long-name.svg' });
        await page.waitForSelector(`${note}:not([hidden])`);
        assert.strictEqual(
          (await page.textContent(`${note} .saved-text`))?.trim(),
          `Saved ${label} to results/nn-fit-with-a-long-name.svg.`,
        );
        const noteBox = await boxOf(page, note);
        const covered = (await buttonBoxes(page, note)).filter((b) => intersects(b.box, noteBox)).map((b) => b.what);
        assert.deepStrictEqual(covered, [], `the saved line over ${covered.join(', ')}`);
        await page.click(`${note} vscode-button`);
        await page.waitForFunction(() =>
          (window as unknown as { __harness: { posted: { type: string }[] } }).__harness.posted.some((m) => m.type === 'openSaved'),
        );
      }
      // Each line answers its own section's saves: the chart's went away when the data was saved.
      assert.strictEqual(await page.isHidden('#chart-saved'), true);
      const file = path.join(ARTIFACTS, `saved-note-${width}-dark.png`);
      await page.locator('#section-data').screenshot({ path: file });
      console.log(`      ${path.relative(process.cwd(), file)}`);
      assert.ok((await posted(page)).some((m) => m.type === 'saveText'));
    });
  }

  for (const width of [225, 520]) {
    it(`${width} px, one column: Tab walks every control in the order it is on screen`, async function () {
      this.timeout(240_000);
      const page = await pages.open({ theme: 'light', width, height: 900 });
      for (const id of SECTIONS) await openSection(page, id);
      for (const name of VIEWS) await page.click(`#view-${name}`);
      await page.waitForSelector('#graph-svg [data-node]');
      const stops = await tabWalk(page);
      // The walk reaches the toolbar, every section and the views (the whole page, not a part of it).
      for (const want of ['vscode-button:train', 'input:formula', 'button:view-landscape', 'input:lr', 'vscode-button:save-svg'])
        assert.ok(
          stops.some((s) => s.what.startsWith(want)),
          `Tab reaches ${want} (${stops.length} stops: ${stops.map((s) => s.what).join(', ')})`,
        );
      assert.deepStrictEqual(backwardSteps(stops), [], 'Tab goes back up or left');
    });
  }

  it('the gradient arrows, bars and values and the readouts have WCAG contrast with the background in all four themes', async () => {
    const table: Record<string, Record<string, number>> = {};
    const problems: string[] = [];
    for (const theme of ['light', 'dark', 'hc', 'hc-light'] as const) {
      const page = await pages.open({ theme, width: 520, height: 900 });
      const graphics: Record<string, string> = {};
      const text: Record<string, string> = {};
      // At the lesson's start every parameter should go up; at a = 4, a should go down.
      await page.waitForSelector('[data-grad="a"][data-direction="up"]');
      Object.assign(
        graphics,
        await colors(page, {
          'increase arrow': '[data-grad="a"] .grad-arrow',
          'increase bar': 'bg:[data-grad="a"] .grad-bar',
        }),
      );
      Object.assign(
        text,
        await colors(page, {
          'gradient value': '[data-grad-value="a"]',
          'step label': '.readout .label',
          'step count': '#step-count',
          'loss readout': '#loss-readout',
          'backend status': '#backend-status',
          'fit chart title': '#fit-title',
          'slider hint': '#section-model .hint',
        }),
      );
      await page.fill(numberBox('a'), '4');
      await page.press(numberBox('a'), 'Enter');
      await page.waitForSelector('[data-grad="a"][data-direction="down"]');
      Object.assign(
        graphics,
        await colors(page, {
          'decrease arrow': '[data-grad="a"] .grad-arrow',
          'decrease bar': 'bg:[data-grad="a"] .grad-bar',
        }),
      );
      // The warning colour (a backend that fell back, a changed file) as the page's CSS gives it.
      text['warning text'] = await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.className = 'backend-status is-fallback';
        document.body.append(probe);
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
      });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const bg = parseColor(background)!;
      table[theme] = {};
      for (const [kind, list, least] of [
        ['graphic', graphics, 3],
        ['text', text, 4.5],
      ] as const) {
        for (const [name, color] of Object.entries(list)) {
          const ratio = contrastRatio(parseColor(color)!, bg);
          table[theme][name] = Number(ratio.toFixed(2));
          if (!(ratio >= least))
            problems.push(`${theme}: ${name} (${kind}) ${color} on ${background} is ${ratio.toFixed(2)}:1, below ${least}:1`);
        }
      }
      // One page per theme: each checked and closed here (the shared afterEach checks the last).
      assert.deepStrictEqual(await violations(page), []);
      if (theme !== 'hc-light') await page.context().close();
    }
    fs.writeFileSync(
      path.join(ARTIFACTS, 'contrast.json'),
      JSON.stringify({ measured: 'WCAG 2 contrast ratio on the body background', table }, null, 2),
    );
    for (const [theme, row] of Object.entries(table)) console.log(`      ${theme}: ${JSON.stringify(row)}`);
    assert.deepStrictEqual(problems, []);
  });

  for (const width of [520, 225]) {
    it(`${width} px: the toolbar keeps its height when training shows its speed (the page does not jump)`, async () => {
      const page = await pages.open({ theme: 'dark', width, height: 900 });
      const height = () => page.$eval('.toolbar', (el) => el.getBoundingClientRect().height);
      const before = await height();
      await page.click('#train');
      await page.waitForFunction(() => /steps\/s/.test(document.querySelector('#backend-status')?.textContent ?? ''));
      await page.waitForFunction(() => Number(document.querySelector('#step-count')?.textContent) > 50);
      const during = await height();
      await page.click('#train');
      assert.strictEqual(during, before, `the toolbar went from ${before} to ${during} px`);
    });
  }
});
