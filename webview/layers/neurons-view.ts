// What each first-layer neuron computes, TensorFlow Playground's best picture: for data of two
// inputs, a thumbnail heat map per neuron of its output over the input plane (its activation of
// w1·x1 + w2·x2 + b), each on its own scale centred at 0; for one input, the neurons are the faint
// dashed curves on the fit chart, and this view says so.
import type { Playground } from '../app/playground';
import { DivergingPalette, zeroCentred } from '../charts/diverging-scale';
import { HeatmapCanvas } from '../charts/heatmap';
import { el, formatNumber } from '../ui/dom';
import { NetworkEvaluation } from './network-evaluation';

/** Thumbnails drawn at most (a layer may have up to MLP_LIMITS.maxWidth neurons). */
export const MAX_THUMBNAILS = 64;
const THUMB = 56;

export class NeuronsView {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly note: HTMLElement;
  private thumbs: { canvas: HeatmapCanvas; caption: HTMLElement; box: HTMLElement }[] = [];
  private shownFor: NetworkEvaluation | null = null;

  constructor(
    private readonly playground: Playground,
    private readonly palette: () => DivergingPalette,
  ) {
    this.grid = el('div', { id: 'neuron-thumbnails', class: 'neuron-grid' });
    this.note = el('p', { class: 'hint' });
    this.element = el('div', { class: 'neurons-view' }, [this.note, this.grid]);
  }

  private get evaluation(): NetworkEvaluation | null {
    const e = this.playground.evaluation;
    return e instanceof NetworkEvaluation ? e : null;
  }

  structure(): void {
    const evaluation = this.evaluation;
    this.shownFor = evaluation;
    this.thumbs = [];
    this.grid.replaceChildren();
    if (!evaluation) return;
    const width = evaluation.spec.hidden[0].width;
    const activation = evaluation.spec.hidden[0].activation;
    if (!evaluation.plane) {
      this.note.textContent =
        `Each of the ${width} neurons of hidden layer 1 (${activation} of w·x + b) is a faint dashed curve on the fit ` +
        'chart; the network adds them up, layer by layer.';
      return;
    }
    const shown = Math.min(width, MAX_THUMBNAILS);
    this.note.textContent =
      `What each neuron of hidden layer 1 computes over the plane: ${activation}(w1·x1 + w2·x2 + b). Red is ` +
      `positive, blue negative, each on its own scale.${width > shown ? ` The first ${shown} of ${width}.` : ''}`;
    for (let j = 0; j < shown; j++) {
      const canvas = new HeatmapCanvas('neuron-canvas', true);
      canvas.resize(THUMB, THUMB);
      const caption = el('span', { class: 'neuron-caption', text: `h${j + 1}` });
      const box = el('figure', { class: 'neuron-thumb', attrs: { role: 'img' } }, [canvas.canvas, caption]);
      this.thumbs.push({ canvas, caption, box });
      this.grid.append(box);
    }
    this.update();
  }

  update(): void {
    const evaluation = this.evaluation;
    if (evaluation !== this.shownFor) return this.structure();
    if (!evaluation?.plane || this.thumbs.length === 0) return;
    const { params } = this.playground;
    const planes = evaluation.neuronPlanesAt(params);
    const palette = this.palette();
    const cells = evaluation.plane.cells;
    const activation = evaluation.spec.hidden[0].activation;
    this.thumbs.forEach((thumb, j) => {
      const scale = zeroCentred(planes[j]);
      thumb.canvas.draw(planes[j], cells, cells, scale, palette);
      // W1 is out × in: neuron j's weights are W1[j, 0], W1[j, 1]; b1 follows W1.
      const w1 = params[2 * j];
      const w2 = params[2 * j + 1];
      const b = params[2 * evaluation.spec.hidden[0].width + j];
      const label =
        `Neuron ${j + 1}: ${activation}(${formatNumber(w1)}·x1 + ${formatNumber(w2)}·x2 + ${formatNumber(b)}), ` +
        `up to ${formatNumber(scale.halfWidth)}`;
      thumb.box.setAttribute('aria-label', label);
      thumb.box.title = label;
    });
  }
}
