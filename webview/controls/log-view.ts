// The step log, one line per chunk in the notebook's print format; selectable and copyable. While
// training it redraws at most ten times a second (the lines are kept in the state regardless).
import type { Playground } from '../app/playground';
import type { Host } from '../host-bridge';
import { el } from '../ui/dom';
import { button } from '../ui/toolkit';

/** Lines shown on the page; the full log (up to the protocol's limit) is what Copy takes. */
const SHOWN = 200;

export class LogView {
  readonly element: HTMLElement;
  private readonly log: HTMLElement;
  private shownLast: string | undefined;
  private shownAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

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
    playground.events.on('history', () => this.request());
    playground.events.on('running', (running) => !running && this.request());
  }

  private request(): void {
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
    const last = lines[lines.length - 1];
    if (last === this.shownLast && lines.length > 0) return;
    this.shownLast = last;
    const stick = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 4;
    this.log.textContent = lines.length
      ? lines.slice(-SHOWN).join('\n')
      : 'Press Step or Train: each update prints step=i; loss=… and [parameters].';
    this.log.classList.toggle('is-empty', lines.length === 0);
    if (stick) this.log.scrollTop = this.log.scrollHeight;
  }
}
