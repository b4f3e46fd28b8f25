// The loss over steps. New points are appended to the view; a thinned or cleared history is
// redrawn whole. Re-embedded only for a resize, the theme, the loss's name or the log scale.
// While training it redraws at most ten times a second: each new point rescales the axes, which
// re-encodes every mark, and the fit chart is what must keep the frame rate.
import embed, { Result } from 'vega-embed';
import { changeset } from 'vega';
import type { HistoryState } from '../../src/protocol/state';
import { EMBED_OPTIONS } from './fit-chart';
import { LOSS_DATA, LOSS_PADDING, lossSpec, plotWidth } from './specs';
import type { ChartTheme } from './theme';
import { SerialQueue } from '../../src/core/serial-queue';

/** The least time between two redraws. */
const MIN_INTERVAL_MS = 100;

export class LossChart {
  private result: Result | null = null;
  private shown = 0;
  private embeds = 0;
  private readonly queue = new SerialQueue();
  /** The last redraw asked for, settled when it is drawn. */
  private last: Promise<void> = Promise.resolve();
  private drawnAt = -Infinity;
  /** A coalesced update waiting for its turn (whole when any of those it stands for was). */
  private waiting: { whole: boolean; timer: ReturnType<typeof setTimeout> } | null = null;
  logScale = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly history: () => HistoryState,
  ) {}

  async rebuild(width: number, theme: ChartTheme, lossLabel: string): Promise<void> {
    const token = ++this.embeds;
    const plotArea = plotWidth(width, LOSS_PADDING);
    const result = await embed(
      this.host,
      lossSpec({ width: plotArea, height: 130, theme, lossLabel, logScale: this.logScale }),
      EMBED_OPTIONS,
    );
    if (token !== this.embeds) {
      result.finalize();
      return;
    }
    this.result?.finalize();
    this.result = result;
    this.shown = 0;
    await this.update(true);
  }

  /**
   * Shows the history's new points, or all of them when `whole` (after thinning or a reset): at
   * once when the last redraw is MIN_INTERVAL_MS old, else once that time has passed, with every
   * update asked for meanwhile.
   */
  update(whole: boolean): Promise<void> {
    if (this.waiting) {
      this.waiting.whole ||= whole;
      return this.last;
    }
    const wait = this.drawnAt + MIN_INTERVAL_MS - performance.now();
    if (wait <= 0) return this.draw(whole);
    this.waiting = {
      whole,
      timer: setTimeout(() => {
        const asked = this.waiting;
        this.waiting = null;
        if (asked) void this.draw(asked.whole);
      }, wait),
    };
    return this.last;
  }

  private draw(whole: boolean): Promise<void> {
    this.drawnAt = performance.now();
    this.last = this.queue.run(() => this.apply(whole)).catch((error) => console.error('loss chart', error));
    return this.last;
  }

  private async apply(whole: boolean): Promise<void> {
    const view = this.result?.view;
    if (!view) return;
    const { steps, losses } = this.history();
    const from = whole || steps.length < this.shown ? 0 : this.shown;
    const rows = [];
    for (let i = from; i < steps.length; i++) if (!this.logScale || losses[i] > 0) rows.push({ step: steps[i], loss: losses[i] });
    const change =
      from === 0
        ? changeset()
            .remove(() => true)
            .insert(rows)
        : changeset().insert(rows);
    this.shown = steps.length;
    this.host.classList.toggle('is-empty', steps.length === 0);
    await view.change(LOSS_DATA, change).runAsync();
  }

  dispose(): void {
    if (this.waiting) clearTimeout(this.waiting.timer);
    this.waiting = null;
    this.embeds++;
    this.result?.finalize();
  }
}
