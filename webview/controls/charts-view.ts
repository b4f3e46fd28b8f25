// The charts column: the fit chart with its y-range choice, the loss chart with a log-scale
// switch. Keeps both in step with the playground, the panel's width and the VS Code theme.
import { LOSS_LABELS } from '../../src/core/eval/loss';
import type { Playground } from '../app/playground';
import { FitChart } from '../charts/fit-chart';
import { LossChart } from '../charts/loss-chart';
import { applyPageColors, ChartTheme, readTheme } from '../charts/theme';
import { el, field } from '../ui/dom';
import { PlaneChart } from '../layers/plane-chart';
import { OnScreen } from '../ui/on-screen';

export class ChartsView {
  /** The fit chart with its header, and the loss chart with its own: the layout places them. */
  readonly fitPanel: HTMLElement;
  readonly lossPanel: HTMLElement;
  readonly fit: FitChart;
  /** For a network on data of two inputs, the fit view: a heat map of the plane (webview/layers). */
  readonly plane: PlaneChart;
  private readonly yRangeField: HTMLElement;
  private readonly loss: LossChart;
  private readonly fitHost: HTMLElement;
  private readonly lossHost: HTMLElement;
  private readonly yRange: HTMLSelectElement;
  private readonly logScale: HTMLInputElement;
  private readonly clipped: HTMLElement;
  private theme: ChartTheme = readTheme();
  private width = 0;
  private fitStale = true;
  private lossStale = true;
  /** What the embedded charts show, to tell which changes need a re-embed. */
  private shownYDomain = '';
  private shownLoss = '';
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  /** While training with the loss chart out of sight: the update it owes when it comes into view (whole or not), else null. */
  private lossOwed: { whole: boolean } | null = null;

  constructor(
    private readonly playground: Playground,
    private readonly ready: () => void,
  ) {
    this.fitHost = el('div', { id: 'fit-chart', class: 'chart', attrs: { role: 'img', 'aria-label': 'Fit chart' } });
    this.lossHost = el('div', { id: 'loss-chart', class: 'chart loss', attrs: { role: 'img', 'aria-label': 'Loss over steps' } });
    this.yRange = el('select', { id: 'y-range' }, [
      el('option', { attrs: { value: 'lesson' } }),
      el('option', { text: 'automatic', attrs: { value: 'auto' } }),
    ]);
    this.yRange.addEventListener('change', () => playground.setYDomain(this.yRange.value === 'auto' ? null : playground.lessonYDomain()));
    this.logScale = el('input', { id: 'log-scale', attrs: { type: 'checkbox' } });
    this.logScale.addEventListener('change', () => {
      this.loss.logScale = this.logScale.checked;
      this.lossStale = true;
      this.scheduleRebuild();
    });
    this.fit = new FitChart(
      this.fitHost,
      () => this.fitSource(),
      (title) =>
        this.fitHost.setAttribute(
          'aria-label',
          `Fit chart. ${title}. ${playground.data.x.length} data points and the model ${playground.state.model.formula}.`,
        ),
    );
    this.loss = new LossChart(this.lossHost, () => playground.state.history);
    this.clipped = el('p', { id: 'y-clipped', class: 'hint clipped-count', attrs: { hidden: true, 'aria-live': 'polite' } });
    this.plane = new PlaneChart(playground, () => this.theme);
    this.yRangeField = field('y range', this.yRange);
    this.fitPanel = el('section', { class: 'fit-panel', attrs: { 'aria-label': 'Fit chart' } }, [
      el('div', { class: 'chart-header' }, [el('h2', { text: 'Fit' }), this.yRangeField, this.plane.control]),
      this.fitHost,
      this.plane.element,
      this.clipped,
    ]);
    const showPlane = () => {
      const plane = this.plane.active;
      this.fitHost.hidden = this.yRangeField.hidden = plane;
      this.plane.control.hidden = !plane;
      if (plane) this.clipped.hidden = true;
    };
    showPlane();
    playground.events.on('structure', showPlane);
    this.lossPanel = el('section', { class: 'loss-panel', attrs: { 'aria-label': 'Loss chart' } }, [
      el('div', { class: 'chart-header' }, [
        el('h2', { text: 'Loss over steps' }),
        el('label', { class: 'check' }, [this.logScale, 'log scale']),
      ]),
      this.lossHost,
    ]);

    playground.events.on('params', (change) => this.fit.requestModel(change.inputTime));
    playground.events.on('data', () => {
      showPlane();
      this.fitStale = true;
      this.scheduleRebuild();
    });
    playground.events.on('config', () => {
      if (JSON.stringify(playground.state.yDomain) !== this.shownYDomain) this.fitStale = true;
      if (playground.state.train.loss !== this.shownLoss) this.lossStale = true;
      this.scheduleRebuild();
    });
    // The loss chart out of sight while training is not redrawn (its Vega render costs a frame's
    // budget with many points); it catches up when it comes into view or training stops.
    const lossOnScreen = new OnScreen(this.lossHost, () => this.payLoss());
    playground.events.on('history', ({ whole }) => {
      const owedWhole = this.lossOwed?.whole ?? false;
      if (playground.running && !lossOnScreen.visible) {
        this.lossOwed = { whole: whole || owedWhole };
        return;
      }
      this.lossOwed = null;
      void this.loss.update(whole || owedWhole);
    });
    playground.events.on('running', (running) => !running && this.payLoss());
    new ResizeObserver(() => {
      const width = this.fitPanel.clientWidth;
      if (width > 0 && Math.abs(width - this.width) >= 4) {
        this.width = width;
        this.plane.resize(width);
        this.plane.draw();
        this.fitStale = this.lossStale = true;
        this.scheduleRebuild();
      }
    }).observe(this.fitPanel);
    applyPageColors(this.theme);
    new MutationObserver(() => {
      this.theme = readTheme();
      applyPageColors(this.theme);
      this.plane.draw();
      this.fitStale = this.lossStale = true;
      this.scheduleRebuild();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  private payLoss(): void {
    const owed = this.lossOwed;
    this.lossOwed = null;
    if (owed) void this.loss.update(owed.whole);
  }

  private fitSource() {
    const p = this.playground;
    return {
      data: p.data,
      grid: p.evaluation.grid,
      curve: () => p.evaluation.curveAt(p.params),
      parts: () => p.evaluation.partsAt(p.params),
      title: () => p.title,
      yDomain: () => p.state.yDomain,
    };
  }

  /** Says how many points lie outside the y range (they are drawn on its edge as triangles). */
  private showClipped(): void {
    const { above, below } = this.fit.clipped;
    if (this.plane.active) return;
    const parts = [above ? `${above} above` : '', below ? `${below} below` : ''].filter(Boolean).join(' and ');
    this.clipped.hidden = above + below === 0;
    this.clipped.textContent = parts
      ? `${above + below} of ${this.playground.data.x.length} points lie outside the y range (${parts}): drawn on its ` +
        'edge as ▲ / ▼. Choose "automatic" to see them all.'
      : '';
  }

  /** Re-embeds the charts whose look changed (data, y range, loss name, size or theme), once per burst. */
  private scheduleRebuild(): void {
    if (this.rebuildTimer !== null) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      void this.rebuild();
    }, 0);
  }

  private async rebuild(): Promise<void> {
    if (this.width === 0) return;
    const p = this.playground;
    const lesson = p.lessonYDomain();
    const yOption = this.yRange.options[0];
    yOption.textContent = lesson ? `lesson's (${lesson[0]} to ${lesson[1]})` : "lesson's (none for this model)";
    yOption.disabled = lesson === null;
    this.yRange.value = p.state.yDomain ? 'lesson' : 'auto';
    const jobs: Promise<void>[] = [];
    if (this.fitStale) {
      this.fitStale = false;
      this.shownYDomain = JSON.stringify(p.state.yDomain);
      jobs.push(
        this.fit.rebuild(this.width, this.theme).then(() => {
          this.showClipped();
          this.ready();
        }),
      );
    }
    if (this.lossStale) {
      this.lossStale = false;
      this.shownLoss = p.state.train.loss;
      jobs.push(this.loss.rebuild(this.width, this.theme, LOSS_LABELS[p.state.train.loss]));
    }
    await Promise.all(jobs);
  }
}
