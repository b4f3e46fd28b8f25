// The loss over steps. New points are appended to the view; a thinned or cleared history is
// redrawn whole. Re-embedded only for a resize, the theme, the loss's name or the log scale.
import embed, { Result } from 'vega-embed';
import { changeset } from 'vega';
import type { HistoryState } from '../../src/protocol/state';
import { EMBED_OPTIONS } from './fit-chart';
import { LOSS_DATA, LOSS_PADDING, lossSpec, plotWidth } from './specs';
import type { ChartTheme } from './theme';
import { SerialQueue } from '../../src/core/serial-queue';

export class LossChart {
  private result: Result | null = null;
  private shown = 0;
  private embeds = 0;
  private readonly queue = new SerialQueue();
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

  /** Shows the history's new points, or all of them when `whole` (after thinning or a reset). */
  update(whole: boolean): Promise<void> {
    return this.queue.run(() => this.apply(whole)).catch((error) => console.error('loss chart', error));
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
    this.embeds++;
    this.result?.finalize();
  }
}
