// Tells the host which lesson chapter the panel shows (the Lesson tree view's mark follows it):
// once at start and after every change, whatever changed it (previous / next, the tree, a restore,
// a formula of the learner's own that leaves the chapter).
import { chapterById } from '../../src/protocol/lesson';
import type { WebviewMessage } from '../../src/protocol/messages';
import type { Playground } from '../app/playground';

export function reportChapters(app: Playground, post: (message: WebviewMessage) => void): void {
  let told: string | null | undefined;
  const tell = () => {
    const id = app.state.chapter;
    const chapter = id !== null && chapterById(id) ? id : null;
    if (chapter === told) return;
    told = chapter;
    post({ type: 'chapterShown', chapter });
  };
  app.events.on('chapter', tell);
  tell();
}
