// The Lesson section: the notebook's chapters in order; choosing one sets up its model, start values,
// y range, data and training settings. Above the charts, a compact chapter header: its section and
// title, what to try, previous / next, and "Reset chapter" (the lesson's values again).
import type { Playground } from '../app/playground';
import { chapterById, CHAPTERS } from '../lesson/chapters';
import { el, section } from '../ui/dom';
import { button } from '../ui/toolkit';

export class LessonSection {
  readonly element: HTMLDetailsElement;
  private readonly items: HTMLButtonElement[];
  private readonly heading: HTMLElement;
  private readonly text: HTMLElement;
  private readonly previous: HTMLElement;
  private readonly next: HTMLElement;
  private readonly more: HTMLButtonElement;
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
    this.heading = el('strong', { class: 'chapter-heading' });
    this.text = el('p', { class: 'chapter-text' });
    this.previous = button('◀', {
      id: 'chapter-previous',
      title: 'Previous chapter',
      ariaLabel: 'Previous chapter',
      onClick: () => this.move(-1),
    });
    this.next = button('▶', { id: 'chapter-next', title: 'Next chapter', ariaLabel: 'Next chapter', onClick: () => this.move(1) });
    const reset = button('Reset chapter', {
      id: 'chapter-reset',
      title: "This chapter with the lesson's values again: what you changed here is dropped",
      onClick: () => playground.resetChapter(),
    });
    this.more = el('button', {
      class: 'chapter-more',
      text: 'more',
      attrs: { type: 'button', 'aria-controls': 'chapter-hint', 'aria-expanded': 'false' },
      on: { click: () => this.fold(!this.hint.classList.contains('is-folded')) },
    });
    this.hint.append(
      el('div', { class: 'chapter-bar' }, [this.heading, el('span', { class: 'chapter-nav' }, [this.previous, this.next, reset])]),
      this.text,
      this.more,
    );
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
    if (!chapter) return;
    const index = CHAPTERS.indexOf(chapter);
    this.heading.textContent = `§${chapter.section} ${chapter.title}`;
    this.text.textContent = chapter.hint;
    this.fold(true);
    this.previous.toggleAttribute('disabled', index === 0);
    this.next.toggleAttribute('disabled', index === CHAPTERS.length - 1);
  }

  /** Shows the hint in three lines (folded) or whole. */
  private fold(folded: boolean): void {
    this.hint.classList.toggle('is-folded', folded);
    this.more.textContent = folded ? 'more' : 'less';
    this.more.setAttribute('aria-expanded', String(!folded));
  }

  private move(by: number): void {
    const id = this.playground.state.chapter;
    const index = CHAPTERS.findIndex((chapter) => chapter.id === id);
    const target = CHAPTERS[index + by];
    if (index >= 0 && target) this.playground.chooseChapter(target.id);
  }
}
