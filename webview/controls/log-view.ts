// The step log, one line per chunk in the notebook's print format; selectable and copyable. While
// training it redraws at most ten times a second (the lines are kept in the state regardless), and
// only what changed: new lines are appended and the oldest dropped, each line its own block, so a
// redraw lays out one line, not the whole log (with 64 ReLUs a line holds 193 numbers). Scrolled
// out of sight while training, it is not redrawn at all until it comes into view or training stops.
import type { Playground } from '../app/playground';
import type { Host } from '../host-bridge';
import { el } from '../ui/dom';
import { OnScreen } from '../ui/on-screen';
import { button } from '../ui/toolkit';

/** Lines shown on the page; the full log (up to the protocol's limit) is what Copy takes. */
const SHOWN = 200;

export class LogView {
  readonly element: HTMLElement;
  private readonly log: HTMLElement;
  /** The lines on the page, as their elements: the log's last SHOWN lines when last shown. */
  private readonly shown: { text: string; element: HTMLElement }[] = [];
  private shownAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onScreen: OnScreen;
  /** Lines came while the log was out of sight (training): shown when it comes into view. */
  private behind = false;

  constructor(
    private readonly playground: Playground,
    host: Host,
  ) {
    this.log = el('pre', { id: 'log', class: 'log', attrs: { tabindex: 0, 'aria-label': 'Step log', role: 'log' } });
    this.element = el('div', { class: 'log-panel' }, [
      el('div', { class: 'chart-header' }, [
        el('h2', { text: 'Log' }),
        button('Copy log', {
          id: 'copy-log',
          onClick: () => host.post({ type: 'copy', text: this.playground.state.history.log.join('\n'), label: 'the step log' }),
        }),
      ]),
      this.log,
    ]);
    this.onScreen = new OnScreen(this.log, () => this.behind && this.request());
    playground.events.on('history', () => this.request());
    playground.events.on('running', (running) => !running && this.request());
  }

  private request(): void {
    this.behind = this.playground.running && !this.onScreen.visible;
    if (this.behind) return;
    if (!this.playground.running && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.timer !== null) return;
    const wait = this.playground.running ? Math.max(0, this.shownAt + 100 - performance.now()) : 0;
    if (wait === 0) this.show();
    else
      this.timer = setTimeout(() => {
        this.timer = null;
        this.show();
      }, wait);
  }

  private show(): void {
    this.shownAt = performance.now();
    const lines = this.playground.state.history.log;
    const fresh = this.newLines(lines);
    if (fresh !== null && fresh.length === 0) return;
    const stick = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 4;
    if (fresh === null) {
      this.shown.length = 0;
      this.log.textContent = lines.length ? '' : 'Press Step or Train: each update prints step=i; loss=… and [parameters].';
    }
    this.log.classList.toggle('is-empty', lines.length === 0);
    for (const text of (fresh ?? lines).slice(-SHOWN)) {
      // Each line is a block ending in a newline, so the log's text (copy, textContent) reads line by line.
      const element = this.log.appendChild(el('span', { class: 'log-line', text: `${text}\n` }));
      this.shown.push({ text, element });
    }
    const extra = this.shown.length - SHOWN;
    if (extra > 0) for (const { element } of this.shown.splice(0, extra)) element.remove();
    if (stick) this.log.scrollTop = this.log.scrollHeight;
  }

  /**
   * The log's lines after those on the page ([] when nothing is new), or null when the page's lines
   * are not the end of the log's earlier lines (a reset, a chapter, a restore: redraw it whole).
   */
  private newLines(lines: readonly string[]): readonly string[] | null {
    if (this.shown.length === 0) return lines.length === 0 && this.log.childElementCount === 0 && this.log.textContent ? [] : null;
    const last = this.shown[this.shown.length - 1].text;
    const at = lines.lastIndexOf(last);
    // The page must show the last lines of lines[0..at], all of them (the same line can be printed again after a reset).
    if (at < 0 || this.shown.length !== Math.min(SHOWN, at + 1)) return null;
    for (let i = 1; i < this.shown.length; i++) if (lines[at - i] !== this.shown[this.shown.length - 1 - i].text) return null;
    return lines.slice(at + 1);
  }
}
