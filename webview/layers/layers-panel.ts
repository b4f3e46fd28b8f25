// The "Layers" model's views in the main column: the weight heat maps and the neuron pictures, each
// in a collapsible part whose open state is saved with the playground (views.layers), shown only
// while the model is a network, and redrawn at most once per animation frame while it trains (the
// plane chart redraws itself the same way).
import type { Playground } from '../app/playground';
import { DivergingPalette, paletteFor } from '../charts/diverging-scale';
import { themeKind } from '../charts/theme';
import { el } from '../ui/dom';
import { NeuronsView } from './neurons-view';
import { DEFAULT_LAYER_VIEWS, LayerViews, withLayerViews } from './network-state';
import type { PlaneChart } from './plane-chart';
import { WeightsView } from './weights-view';

export class LayersPanel {
  readonly element: HTMLElement;
  private readonly weights: WeightsView;
  private readonly neurons: NeuronsView;
  private readonly weightsPart: HTMLDetailsElement;
  private readonly neuronsPart: HTMLDetailsElement;
  private palette: DivergingPalette = paletteFor(themeKind(document.body));
  private frame: number | null = null;
  private syncing = false;

  constructor(
    private readonly playground: Playground,
    private readonly plane: PlaneChart,
  ) {
    this.weights = new WeightsView(playground, () => this.palette);
    this.neurons = new NeuronsView(playground, () => this.palette);
    this.weightsPart = part('layers-weights', 'Weights', this.weights.element);
    this.neuronsPart = part('layers-neurons', 'Neurons of layer 1', this.neurons.element);
    for (const details of [this.weightsPart, this.neuronsPart]) details.addEventListener('toggle', () => this.toggled());
    this.element = el(
      'section',
      { id: 'layers-panel', class: 'layers-panel', attrs: { 'aria-label': 'The network’s layers', hidden: true } },
      [this.weightsPart, this.neuronsPart],
    );
    playground.events.on('structure', () => this.structure());
    playground.events.on('data', () => this.structure());
    playground.events.on('chapter', () => this.syncFromState());
    playground.events.on('params', () => this.redrawSoon());
    new MutationObserver(() => {
      this.palette = paletteFor(themeKind(document.body));
      this.redrawSoon();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  private get views(): LayerViews {
    return this.playground.state.views?.layers ?? DEFAULT_LAYER_VIEWS;
  }

  private structure(): void {
    const network = this.playground.model.network !== null;
    this.element.hidden = !network;
    if (!network) return;
    this.weights.structure();
    this.neurons.structure();
  }

  private syncFromState(): void {
    this.syncing = true;
    const views = this.views;
    this.weightsPart.open = views.weights;
    this.neuronsPart.open = views.neurons;
    this.plane.setColouring(views.points);
    this.syncing = false;
    this.structure();
  }

  private toggled(): void {
    if (this.syncing) return;
    this.save({ weights: this.weightsPart.open, neurons: this.neuronsPart.open });
    this.redrawSoon();
  }

  private save(change: Partial<LayerViews>): void {
    if (this.playground.model.network) this.playground.setViews(withLayerViews(this.playground.state, change));
  }

  private redrawSoon(): void {
    if (this.frame !== null || !this.playground.model.network) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      if (!this.playground.model.network) return;
      if (this.weightsPart.open) this.weights.update();
      if (this.neuronsPart.open) this.neurons.update();
    });
  }
}

function part(id: string, title: string, body: HTMLElement): HTMLDetailsElement {
  const details = el('details', { id, class: 'layers-part' }, [el('summary', { text: title }), body]);
  details.open = true;
  return details;
}
