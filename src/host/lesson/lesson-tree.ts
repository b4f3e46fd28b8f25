// The Lesson tree view (its own activity-bar container): the notebook's chapters in order with
// their section numbers, the one the playground shows marked. Choosing a chapter opens or reveals
// the playground on it; the panel says which chapter it shows (the `chapterShown` message), so the
// mark follows the learner's previous / next in the panel too.
import * as vscode from 'vscode';
import { Chapter, CHAPTER_IDS, chapterById, CHAPTERS } from '../../protocol/lesson';

export const LESSON_VIEW = 'nnDeepDive.lesson';
export const OPEN_CHAPTER_COMMAND = 'nnDeepDive.openChapter';

export class LessonTree implements vscode.TreeDataProvider<Chapter> {
  private readonly changed = new vscode.EventEmitter<Chapter | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires with the newly marked chapter (or null) after the mark moved. */
  private readonly moved = new vscode.EventEmitter<Chapter | null>();
  readonly onDidMoveMark = this.moved.event;

  /** The marked chapter's id; undefined until first needed (then read from the saved state). */
  private marked: string | null | undefined;

  /** @param saved the chapter the playground showed last (from its saved state, read when first needed) */
  constructor(private readonly saved: () => string | null) {}

  /** The id of the marked chapter: the one the playground shows, or null. */
  get current(): string | null {
    if (this.marked === undefined) {
      const saved = this.saved();
      this.marked = saved !== null && chapterById(saved) ? saved : null;
    }
    return this.marked;
  }

  getChildren(element?: Chapter): Chapter[] {
    return element ? [] : [...CHAPTERS];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(chapter: Chapter): vscode.TreeItem {
    const isCurrent = chapter.id === this.current;
    const item = new vscode.TreeItem(`§${chapter.section}  ${chapter.title}`, vscode.TreeItemCollapsibleState.None);
    item.id = chapter.id;
    item.description = isCurrent ? 'open in the playground' : undefined;
    item.iconPath = new vscode.ThemeIcon(isCurrent ? 'debug-stackframe' : 'circle-small');
    item.tooltip = new vscode.MarkdownString(`**§${chapter.section} ${chapter.title}**\n\n${chapter.hint}`);
    item.command = { command: OPEN_CHAPTER_COMMAND, title: 'Open Chapter', arguments: [chapter.id] };
    item.contextValue = isCurrent ? 'chapter.current' : 'chapter';
    item.accessibilityInformation = {
      label: `Section ${chapter.section}, ${chapter.title}${isCurrent ? ', open in the playground' : ''}`,
      role: 'treeitem',
    };
    return item;
  }

  /** Moves the mark to `chapter` (what the panel says it shows); an unknown id clears it. */
  mark(chapter: string | null): void {
    const next = chapter !== null && chapterById(chapter) ? chapter : null;
    if (next === this.current) return;
    this.marked = next;
    this.changed.fire(undefined);
    this.moved.fire(next === null ? null : chapterById(next)!);
  }

  dispose(): void {
    this.changed.dispose();
    this.moved.dispose();
  }
}

/** A chapter id from a command argument (the tree item's, or another caller's), or null. */
export function chapterArgument(raw: unknown): string | null {
  return typeof raw === 'string' && CHAPTER_IDS.includes(raw) ? raw : null;
}

/**
 * Registers the tree view and its command. `openChapter` shows the playground on a chapter; the
 * view's selection follows the mark while the view is visible.
 */
export function registerLessonTree(
  tree: LessonTree,
  openChapter: (chapter: string) => void,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const view = vscode.window.createTreeView(LESSON_VIEW, { treeDataProvider: tree, showCollapseAll: false });
  const follow = tree.onDidMoveMark((chapter) => {
    if (chapter && view.visible) view.reveal(chapter, { select: true, focus: false }).then(undefined, () => undefined);
  });
  const command = vscode.commands.registerCommand(OPEN_CHAPTER_COMMAND, (raw: unknown) => {
    const chapter = chapterArgument(raw);
    if (chapter) openChapter(chapter);
    else log.warn(`${OPEN_CHAPTER_COMMAND}: ignored an argument that is not a chapter id (${String(raw).slice(0, 80)})`);
  });
  return vscode.Disposable.from(view, follow, command, tree);
}
