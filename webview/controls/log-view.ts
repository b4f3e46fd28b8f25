// The step log, one line per chunk in the notebook's print format; selectable and copyable.
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
    playground.events.on('history', () => this.show());
  }

  private show(): void {
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
