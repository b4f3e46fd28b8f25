// The bar above everything: Train/Pause, Step, Reset, the step count, the loss (as in the chart's
// title), the backend in use with its speed, and the notice line (divergence, fallbacks, limits).
import type { Playground } from '../app/playground';
import { BackendStatus } from '../training/session';
import { formatRate } from '../training/rate';
import { el } from '../ui/dom';
import { SHORTCUT_LABELS } from '../ui/keys';
import { button, progressRing, setButtonLabel } from '../ui/toolkit';

export function backendStatusText(status: BackendStatus): string {
  if (status.error) return `no backend · ${status.error}`;
  if (status.phase) return `${status.name ? `${status.name} ·` : 'starting backend:'} ${status.phase.text}…`;
  if (!status.name) return 'starting backend…';
  const text = `${status.name} · ${formatRate(status.stepsPerSecond)}${status.auto ? ' · auto' : ''}`;
  return status.fellBack ? `${text} · fell back from ${status.fellBack.from}: ${status.fellBack.reason}` : text;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly notice: HTMLElement;
  private readonly train: HTMLElement;
  private readonly stepCount: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly status: HTMLElement;
  /** Seconds a slow start has taken so far, beside its phase (not announced: it changes every second). */
  private readonly elapsed: HTMLElement;
  private elapsedTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly playground: Playground) {
    this.train = button('Train', {
      id: 'train',
      appearance: 'primary',
      title: `Run gradient descent, one chunk of steps per frame; press again to pause (${SHORTCUT_LABELS.train})`,
      onClick: () => playground.toggleTraining(),
    });
    const step = button('Step', {
      id: 'step',
      title: `One gradient-descent update (${SHORTCUT_LABELS.step})`,
      onClick: () => void playground.step(),
    });
    const reset = button('Reset', {
      id: 'reset',
      title: `Back to the start values, step 0 (${SHORTCUT_LABELS.reset})`,
      onClick: () => void playground.reset(),
    });
    this.stepCount = el('span', { id: 'step-count', class: 'value', text: '0' });
    this.readout = el('span', { id: 'loss-readout', class: 'value loss', attrs: { 'aria-live': 'polite' } });
    this.status = el('span', { id: 'backend-status', class: 'backend-status', attrs: { 'aria-live': 'polite' } });
    this.elapsed = el('span', { id: 'backend-elapsed', class: 'backend-status', attrs: { 'aria-hidden': 'true', hidden: true } });
    const starting = progressRing('Starting the training backend');
    starting.classList.add('starting');
    this.notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', hidden: true } });
    this.element = el('header', { class: 'toolbar' }, [
      el('div', { class: 'toolbar-actions' }, [this.train, step, reset]),
      el('div', { class: 'toolbar-readouts' }, [
        el('span', { class: 'readout' }, [el('span', { class: 'label', text: 'step' }), this.stepCount]),
        el('span', { class: 'readout' }, [this.readout]),
        el('span', { class: 'readout' }, [starting, this.status, this.elapsed]),
      ]),
    ]);
    playground.events.on('params', () => this.showProgress());
    playground.events.on('config', () => this.showProgress());
    playground.events.on('running', (running) => {
      setButtonLabel(this.train, running ? 'Pause' : 'Train');
      this.train.setAttribute('aria-pressed', String(running));
    });
    playground.events.on('status', (status) => {
      // Written only when they change: the status comes with every chunk while training.
      const text = backendStatusText(status);
      if (this.status.textContent !== text) this.status.textContent = text;
      const compute = status.computeStepsPerSecond;
      const title = status.description
        ? `${status.description}. Speed: updates per second of real time while training, drawing included${
            compute ? `; the backend alone computes ${formatRate(compute)}` : ''
          }.`
        : '';
      if (this.status.title !== title) this.status.title = title;
      this.status.classList.toggle('is-fallback', Boolean(status.fellBack || status.error));
      starting.hidden = (status.name !== null && !status.phase) || Boolean(status.error);
      this.showElapsed(status.phase?.since ?? null);
    });
    playground.events.on('notice', (notice) => {
      this.notice.hidden = notice === null;
      this.notice.textContent = notice?.text ?? '';
      this.notice.dataset.kind = notice?.kind ?? '';
      this.notice.setAttribute('role', notice?.kind === 'error' ? 'alert' : 'status');
    });
  }

  /** Counts the seconds since `since` beside the status while a slow start goes on; null hides it. */
  private showElapsed(since: number | null): void {
    if (this.elapsedTimer !== null) clearInterval(this.elapsedTimer);
    this.elapsedTimer = null;
    this.elapsed.hidden = since === null;
    if (since === null) return;
    const tick = () => (this.elapsed.textContent = `${Math.floor((performance.now() - since) / 1000)} s`);
    tick();
    this.elapsedTimer = setInterval(tick, 1000);
  }

  private showProgress(): void {
    this.stepCount.textContent = String(this.playground.state.step);
    this.readout.textContent = this.playground.title;
  }
}
