// The loss over steps. New points are appended to the view; a thinned or cleared history is
// redrawn whole. Re-embedded only for a resize, the theme, the loss's name or the log scale.
import embed, { Result } from 'vega-embed';
import { changeset } from 'vega';
import type { HistoryState } from '../../src/protocol/state';
import { EMBED_OPTIONS } from './fit-chart';
import { LOSS_DATA, lossSpec } from './specs';
import type { ChartTheme } from './theme';

export class LossChart {
  private result: Result | null = null;
  private shown = 0;
  private embeds = 0;
  private queue: Promise<void> = Promise.resolve();
  logScale = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly history: () => HistoryState,
  ) {}

  async rebuild(width: number, theme: ChartTheme, lossLabel: string): Promise<void> {
    const token = ++this.embeds;
    const plotWidth = Math.max(160, Math.floor(width) - 72);
    const result = await embed(
      this.host,
      lossSpec({ width: plotWidth, height: 130, theme, lossLabel, logScale: this.logScale }),
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
    this.queue = this.queue.then(() => this.apply(whole)).catch((error) => console.error('loss chart', error));
    return this.queue;
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
