// The page's half of the Lesson tree view (the host's half runs in the extension host,
// test/vscode/suite/lesson-tree.test.ts): the host's `openChapter` sets the chapter up, and the page
// says which chapter it shows (`chapterShown`) at start and after every change: the tree, ◀ / ▶,
// the lesson list, and a formula of the learner's own, which leaves the lesson.
import * as assert from 'assert';
import { Page } from 'playwright-core';
import { CHAPTERS } from '../../src/protocol/lesson';
import { openSection, posted, sendFromHost, useBrowser } from './helpers';

async function shown(page: Page): Promise<(string | null)[]> {
  return (await posted(page)).filter((m) => m.type === 'chapterShown').map((m) => m.chapter as string | null);
}

async function heading(page: Page): Promise<string> {
  return (await page.textContent('#chapter-hint .chapter-heading'))?.trim() ?? '';
}

describe('the Lesson tree protocol, page side (headless Chromium)', function () {
  const session = useBrowser();

  it("the host's openChapter sets each chapter up; the page reports every chapter it shows, once per change", async function () {
    this.timeout(120_000);
    const page = await session.open({ width: 520 });
    assert.deepStrictEqual(await shown(page), [null], 'at start (no chapter yet) the page says so once');
    for (const chapter of CHAPTERS) {
      await sendFromHost(page, { type: 'openChapter', chapter: chapter.id });
      await page.waitForFunction(
        (id) => document.querySelector(`[data-chapter="${id}"]`)?.getAttribute('aria-current') === 'step',
        chapter.id,
      );
      assert.strictEqual(await heading(page), `§${chapter.section} ${chapter.title}`);
    }
    assert.deepStrictEqual(await shown(page), [null, ...CHAPTERS.map((c) => c.id)], 'one chapterShown per chapter, in order');

    // ◀ / ▶ in the panel: the tree's mark must follow them.
    const before = (await shown(page)).length;
    await page.click('#chapter-previous');
    await page.click('#chapter-previous');
    await page.click('#chapter-next');
    const last = CHAPTERS.length - 1;
    await page.waitForFunction((n) => window.__harness.posted.filter((m) => m.type === 'chapterShown').length === n, before + 3);
    assert.deepStrictEqual((await shown(page)).slice(before), [CHAPTERS[last - 1].id, CHAPTERS[last - 2].id, CHAPTERS[last - 1].id]);

    // Opening the chapter it already shows says nothing new; a bad id is refused by the validator.
    await sendFromHost(page, { type: 'openChapter', chapter: CHAPTERS[last - 1].id });
    await sendFromHost(page, { type: 'openChapter', chapter: 'no-such-chapter' });
    await page.waitForTimeout(300);
    assert.strictEqual((await shown(page)).length, before + 3);
    assert.strictEqual(await heading(page), `§${CHAPTERS[last - 1].section} ${CHAPTERS[last - 1].title}`);

    // A formula of the learner's own leaves the lesson: nothing is marked in the tree.
    await openSection(page, 'section-model');
    await page.fill('#formula', 'a*x + b');
    await page.waitForFunction(() => window.__harness.posted.filter((m) => m.type === 'chapterShown').at(-1)?.chapter === null, null, {
      timeout: 10_000,
    });
    await page.close();
  });
});

declare global {
  interface Window {
    __harness: { posted: { type: string; chapter?: string | null }[] };
  }
}
