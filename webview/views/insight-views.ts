// "See why it learns": the bar of optional views (loss slices beside the sliders, the loss
// landscape, the step ledger, the computation graph), which ones are open (saved with the state,
// opened by lesson chapters), and keeping every open one in step with the playground and theme.
import type { Playground } from '../app/playground';
import type { FitChart } from '../charts/fit-chart';
import { readTheme } from '../charts/theme';
import { VIEW_NAMES, ViewName, ViewsState } from '../../src/protocol/views';
import { el } from '../ui/dom';
import { viewColors } from './canvas';
import { ViewContext } from './context';
import { FitOverlay } from './fit-overlay';
import { GraphView } from './graph-view';
import { LandscapeView } from './landscape-view';
import { LedgerView } from './ledger-view';
import { SlicesView } from './slices-view';
import { TrainingPath } from './training-path';

const LABELS: Record<ViewName, { text: string; title: string }> = {
  slices: { text: 'Loss slices', title: 'Under each slider: the loss as that parameter moves, the others held, with the tangent' },
  landscape: { text: 'Landscape', title: 'The loss over two parameters, with the descent path: click or drag it to set both' },
  ledger: { text: 'Step ledger', title: 'Explain the step: before, gradient, lr × gradient, after, and where MAE’s gradient comes from' },
  graph: { text: 'Graph', title: 'The computation graph for one data point, with values and gradients' },
};

export class InsightViews {
  readonly element: HTMLElement;
  private readonly context: ViewContext;
  private readonly path = new TrainingPath();
  private readonly buttons = new Map<ViewName, HTMLButtonElement>();
  private readonly slices: SlicesView;
  private readonly landscape: LandscapeView;
  private readonly ledger: LedgerView;
  private readonly graph: GraphView;
  private readonly overlay: FitOverlay;
  private open = new Set<ViewName>();
  /** The parameters before the latest change (a training chunk's path starts there). */
  private previous: Float64Array | null = null;
  /** What the next animation frame draws: whether a load came, the first slider input's time. */
  private frame: { load: boolean; inputTime: number | null } | null = null;
  private frameRequested = false;

  constructor(
    private readonly playground: Playground,
    fit: FitChart,
    rowsRoot: () => ParentNode,
  ) {
    const context = (this.context = new ViewContext(playground));
    this.readTheme();
    this.slices = new SlicesView(context, rowsRoot);
    this.landscape = new LandscapeView(context, this.path, (landscape) => this.save({ landscape }));
    this.ledger = new LedgerView(context, () => this.overlay?.draw());
    this.graph = new GraphView(context, (point) => {
      if (playground.state.views?.point !== point) this.save({ point });
      this.overlay?.draw();
    });
    this.overlay = new FitOverlay(
      context,
      fit,
      () => ({
        signsAt: this.open.has('ledger') ? this.ledger.shownBefore : null,
        selected: this.open.has('graph') ? this.graph.point : null,
      }),
      (point) => {
        if (!this.open.has('graph')) this.toggle('graph', true);
        this.graph.setPoint(point);
      },
    );
    const bar = el('div', { class: 'views-bar', attrs: { role: 'toolbar', 'aria-label': 'See why it learns' } }, [
      el('span', { class: 'views-bar-title', text: 'Why it learns' }),
      ...VIEW_NAMES.map((name) => {
        const button = el('button', {
          id: `view-${name}`,
          class: 'view-toggle',
          text: LABELS[name].text,
          title: LABELS[name].title,
          attrs: { type: 'button', 'aria-pressed': 'false' },
          on: { click: () => this.toggle(name, !this.open.has(name)) },
        });
        this.buttons.set(name, button);
        return button;
      }),
    ]);
    this.element = el('section', { class: 'views-panel', attrs: { 'aria-label': 'See why it learns' } }, [
      bar,
      this.landscape.element,
      this.ledger.element,
      this.graph.element,
    ]);
    for (const panel of [this.landscape, this.ledger, this.graph]) panel.element.hidden = true;

    playground.events.on('structure', () => {
      // The views read a formula's graph; a network ("Layers") has its own (webview/layers).
      this.element.hidden = !this.formula;
      if (!this.formula) return;
      this.slices.attach();
      this.landscape.structure();
      this.graph.structure();
    });
    playground.events.on('data', () => {
      if (!this.formula) return;
      this.path.clear();
      this.graph.structure();
    });
    playground.events.on('params', (change) => this.onParams(change.source, change.inputTime));
    playground.events.on('config', () => this.refresh());
    // Every load (a restore, a chapter, a request) says which views are open.
    playground.events.on('chapter', () => this.syncFromState());
    rowsRootToggles(rowsRoot, () => this.slices.update());
    new MutationObserver(() => {
      this.readTheme();
      this.refresh();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    let width = 0;
    new ResizeObserver(() => {
      const now = this.element.clientWidth;
      if (Math.abs(now - width) < 4) return;
      width = now;
      this.graph.structure();
      this.refresh();
    }).observe(this.element);
  }

  /** Whether the model is a formula of x (the views read one input: a network, or a formula of x1 and x2, shows the plane instead). */
  private get formula(): boolean {
    const program = this.playground.model.program;
    return program !== null && program.inputs !== 2;
  }

  private readTheme(): void {
    this.context.theme = readTheme();
    this.context.colors = viewColors(this.context.theme);
  }

  /**
   * Every parameter change: the path and the ledger's bookkeeping follow each one; the drawing is
   * done once per animation frame (a drag or a training run sends several changes a frame).
   */
  private onParams(source: 'slider' | 'train' | 'reset' | 'load', inputTime?: number): void {
    if (!this.formula) return;
    const p = this.playground;
    if (source === 'train') this.path.add(p.params, this.previous);
    else if (source === 'slider') this.path.interrupt();
    else this.path.clear();
    this.previous = Float64Array.from(p.params);
    if (this.open.size === 0) return;
    this.ledger.update(source);
    const frame = (this.frame ??= { load: false, inputTime: null });
    frame.load ||= source === 'load';
    if (inputTime !== undefined && frame.inputTime === null) frame.inputTime = inputTime;
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => this.drawFrame());
    }
  }

  private drawFrame(): void {
    this.frameRequested = false;
    const frame = this.frame;
    this.frame = null;
    if (!frame) return;
    const started = performance.now();
    if (frame.load) {
      this.slices.attach();
      this.landscape.structure();
    } else {
      this.slices.update();
      this.landscape.update();
    }
    this.ledger.draw();
    this.graph.update();
    this.overlay.draw();
    const end = performance.now();
    performance.measure('nn-views', { start: started, end });
    // From the slider's input event to every open view drawn.
    if (frame.inputTime !== null) performance.measure('nn-views-shown', { start: frame.inputTime, end });
  }

  /** Redraw everything open (theme, size, loss or rate changed). */
  private refresh(): void {
    if (!this.formula) return;
    this.slices.update();
    this.landscape.update();
    this.ledger.redraw();
    this.graph.update();
    this.overlay.draw();
  }

  private syncFromState(): void {
    const wanted = new Set(this.formula ? (this.playground.state.views?.open ?? []) : []);
    for (const name of VIEW_NAMES) if (wanted.has(name) !== this.open.has(name)) this.apply(name, wanted.has(name));
    this.previous = Float64Array.from(this.playground.params);
  }

  toggle(name: ViewName, open: boolean): void {
    this.apply(name, open);
    this.save({ open: VIEW_NAMES.filter((n) => this.open.has(n)) });
  }

  private apply(name: ViewName, open: boolean): void {
    if (open) this.open.add(name);
    else this.open.delete(name);
    this.buttons.get(name)?.setAttribute('aria-pressed', String(open));
    const view = { slices: this.slices, landscape: this.landscape, ledger: this.ledger, graph: this.graph }[name];
    view.setOpen(open);
    this.overlay.active = this.open.has('ledger') || this.open.has('graph');
    this.overlay.draw();
  }

  private save(change: Partial<ViewsState>): void {
    const current = this.playground.state.views ?? { open: [] };
    this.playground.setViews({ ...current, ...change });
  }
}

/** Opening a unit group of N ReLUs shows its rows: draw their slices then ('toggle' does not bubble). */
function rowsRootToggles(rowsRoot: () => ParentNode, redraw: () => void): void {
  document.addEventListener(
    'toggle',
    (event) => event.target instanceof HTMLDetailsElement && rowsRoot().contains(event.target) && redraw(),
    true,
  );
}
