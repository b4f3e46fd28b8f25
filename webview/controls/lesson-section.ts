// The Lesson section: the notebook's chapters in order; choosing one sets up its model, start values,
// y range, data and training settings, and shows what to try.
import type { Playground } from '../app/playground';
import { chapterById, CHAPTERS } from '../lesson/chapters';
import { el, section } from '../ui/dom';

export class LessonSection {
  readonly element: HTMLDetailsElement;
  private readonly items: HTMLButtonElement[];
  /** What to try in the chosen chapter; the layout shows it above the charts. */
  readonly hint: HTMLElement;

  constructor(private readonly playground: Playground) {
    this.items = CHAPTERS.map((chapter) =>
      el(
        'button',
        {
          class: 'chapter',
          attrs: { type: 'button', 'data-chapter': chapter.id },
          on: { click: () => playground.chooseChapter(chapter.id) },
        },
        [
          el('span', {
            class: 'chapter-number',
            text: `§${chapter.section}`,
            attrs: { title: `Section ${chapter.section} of the notebook` },
          }),
          el('span', { text: chapter.title }),
        ],
      ),
    );
    this.hint = el('div', { id: 'chapter-hint', class: 'chapter-hint', attrs: { 'aria-live': 'polite', hidden: true } });
    const list = el(
      'ol',
      { class: 'chapters', attrs: { 'aria-label': 'Lesson chapters' } },
      this.items.map((item) => el('li', {}, [item])),
    );
    this.element = section('Lesson', 'section-lesson', [
      el('p', {
        class: 'hint',
        text: 'The fast.ai lesson "How does a neural net really work?", step by step. Pick a chapter to set it up here.',
      }),
      list,
    ]);
    playground.events.on('chapter', () => this.show());
  }

  private show(): void {
    const id = this.playground.state.chapter;
    for (const item of this.items) {
      if (item.dataset.chapter === id) item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
    }
    const chapter = id ? chapterById(id) : undefined;
    this.hint.hidden = !chapter;
    this.hint.replaceChildren();
    if (chapter) this.hint.append(el('strong', { text: `§${chapter.section} ${chapter.title}` }), el('p', { text: chapter.hint }));
  }
}
