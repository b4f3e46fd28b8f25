// The Lesson tree view, on the real API: its own activity-bar container; the notebook's chapters
// in order with their section numbers (§1 to §6, as in the notebook); choosing one (its tree item's
// own command, what a click runs) opens the playground beside the file and the panel goes there,
// which it confirms with its `chapterShown` message; the mark follows what the panel says it shows
// (its previous / next), and a malformed message moves nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateProduct, freshWindowWithLesson, playgroundTabs, product, waitFor } from './helpers';

interface Chapter {
  id: string;
  section: string;
  title: string;
}

interface LessonApi {
  lesson: vscode.TreeDataProvider<Chapter> & { current: string | null };
  panel(): { receive(raw: unknown): void } | undefined;
}

async function api(): Promise<LessonApi> {
  const extension = await activateProduct();
  const exported = extension.exports as Partial<LessonApi> | undefined;
  assert.ok(exported?.lesson && exported.panel, 'the extension does not export its Lesson tree and panel');
  return exported as LessonApi;
}

async function chapters(tree: LessonApi['lesson']): Promise<Chapter[]> {
  return ((await tree.getChildren()) ?? []) as Chapter[];
}

async function item(tree: LessonApi['lesson'], chapter: Chapter): Promise<vscode.TreeItem> {
  return tree.getTreeItem(chapter);
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Runs a tree item's command, as a click on it does. */
async function choose(tree: LessonApi['lesson'], chapter: Chapter): Promise<void> {
  const command = (await item(tree, chapter)).command;
  assert.ok(command, `the tree item of ${chapter.id} has no command`);
  await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

/** The chapters whose tree item is marked as the one the playground shows. */
async function marked(tree: LessonApi['lesson']): Promise<string[]> {
  const found: string[] = [];
  for (const chapter of await chapters(tree)) {
    const shown = await item(tree, chapter);
    if (shown.description) found.push(chapter.id);
  }
  return found;
}

describe('Lesson tree view', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('has its own activity-bar container with an icon that ships, and shows when focused', async () => {
    await api();
    const contributes = (product().packageJSON as { contributes: Record<string, unknown> }).contributes as {
      viewsContainers?: { activitybar?: { id: string; icon: string; title: string }[] };
      views?: Record<string, { id: string; name: string }[]>;
    };
    const containers = contributes.viewsContainers?.activitybar ?? [];
    const container = containers.find((c) => (contributes.views?.[c.id] ?? []).some((view) => view.id === 'nnDeepDive.lesson'));
    assert.ok(container, `no activity-bar container holds nnDeepDive.lesson: ${JSON.stringify(contributes.views)}`);
    assert.ok(
      fs.existsSync(path.join(product().extensionPath, container.icon)),
      `the container's icon ${container.icon} is not in the extension`,
    );
    // VS Code's own command for a contributed view: opens its container and focuses it.
    await vscode.commands.executeCommand('nnDeepDive.lesson.focus');
  });

  it("lists every chapter in the lesson's order, each with its section number", async () => {
    const { lesson } = await api();
    const listed = await chapters(lesson);
    assert.ok(listed.length >= 6, `only ${listed.length} chapters listed`);
    const items = await Promise.all(listed.map((chapter) => item(lesson, chapter)));
    const sections = items.map((shown) => Number(/^§(\d+)\s/.exec(label(shown))?.[1]));
    assert.ok(
      sections.every((s) => Number.isInteger(s)),
      `every label starts with its section: ${items.map(label).join(' | ')}`,
    );
    // The notebook's sections 1 to 6, each at least once, never going back.
    assert.deepStrictEqual([...new Set(sections)], [1, 2, 3, 4, 5, 6], `sections in order: ${sections.join(', ')}`);
    assert.ok(
      sections.every((s, i) => i === 0 || s >= sections[i - 1]),
      `sections never go back: ${sections.join(', ')}`,
    );
    assert.match(label(items[0]), /A function to fit/);
    assert.match(label(items[items.length - 1]), /The rest of the story/);
    assert.strictEqual(new Set(listed.map((c) => c.id)).size, listed.length, 'chapter ids are unique');
    for (const shown of items) assert.strictEqual(shown.collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  it('choosing a chapter opens the playground beside the file, the panel goes there and the mark follows it', async function () {
    this.timeout(120_000);
    const { lesson } = await api();
    await freshWindowWithLesson();
    const listed = await chapters(lesson);
    // Every chapter the tree lists opens in the panel: the mark moves only when the panel says so.
    for (const chapter of listed) {
      await choose(lesson, chapter);
      await waitFor(`the panel to show ${chapter.id}`, () => lesson.current === chapter.id, 30_000);
      assert.deepStrictEqual(await marked(lesson), [chapter.id], 'exactly one chapter is marked');
    }
    const tabs = playgroundTabs();
    assert.strictEqual(tabs.length, 1, 'one playground panel');
    assert.strictEqual(tabs[0].group.viewColumn, vscode.ViewColumn.Two, 'the panel opened beside lesson.py');
    assert.ok(
      vscode.window.tabGroups.all.find((g) => g.viewColumn === vscode.ViewColumn.One)?.tabs.some((t) => t.label === 'lesson.py'),
      'lesson.py stays open in the first column',
    );
  });

  it("the mark follows the panel's own previous / next, and a malformed message moves nothing", async () => {
    const { lesson, panel } = await api();
    const listed = await chapters(lesson);
    const open = panel();
    assert.ok(open, 'the playground is open');
    const second = listed[1];
    // What the page posts after its ◀ / ▶ (test/browser/lesson-tree.test.ts checks that it does).
    open.receive({ type: 'chapterShown', chapter: second.id });
    await waitFor(`the mark on ${second.id}`, () => lesson.current === second.id);
    assert.deepStrictEqual(await marked(lesson), [second.id]);
    for (const bad of [
      { type: 'chapterShown', chapter: 'no-such-chapter' },
      { type: 'chapterShown' },
      { type: 'chapterShown', chapter: 3 },
    ]) {
      open.receive(bad);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(lesson.current, second.id, 'a malformed chapterShown moved the mark');
    // A formula of the learner's own leaves the lesson: nothing is marked.
    open.receive({ type: 'chapterShown', chapter: null });
    await waitFor('no chapter marked', () => lesson.current === null);
    assert.deepStrictEqual(await marked(lesson), []);
  });
});
