// The network's weights as heat maps, one per layer: W (out × in, a cell per weight, row = neuron,
// column = input, as nn.Linear.weight) with its bias b as a column beside it, each on its own
// diverging scale centred at 0 (blue below, red above). The cells follow training; hovering a cell,
// or moving over the focused matrix with the arrow keys, reads out its value and its gradient.
import { matrixLayout, MatrixSpec, MlpSpec } from '../../src/core/model/mlp';
import type { Playground } from '../app/playground';
import { DivergingPalette, zeroCentred } from '../charts/diverging-scale';
import { HeatmapCanvas } from '../charts/heatmap';
import { el, formatNumber } from '../ui/dom';

/** The largest cell (CSS px) and the widest a matrix is drawn. */
const MAX_CELL = 14;
const MAX_SIDE = 220;

interface Figure {
  weight: MatrixSpec;
  bias: MatrixSpec;
  canvas: HeatmapCanvas;
  biasCanvas: HeatmapCanvas;
  caption: HTMLElement;
  /** The cell under the pointer or the keyboard cursor: [row, column], column = cols for the bias. */
  cursor: [number, number] | null;
  cell: number;
}

export class WeightsView {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly readout: HTMLElement;
  private figures: Figure[] = [];
  private spec: MlpSpec | null = null;

  constructor(
    private readonly playground: Playground,
    private readonly palette: () => DivergingPalette,
  ) {
    this.grid = el('div', { class: 'weights-grid' });
    this.readout = el('p', { id: 'weights-readout', class: 'hint weights-readout', attrs: { 'aria-live': 'polite' } });
    this.element = el('div', { class: 'weights-view' }, [
      this.grid,
      this.readout,
      el('p', {
        class: 'hint',
        text:
          'One row per neuron, one column per input; b, the bias, beside it. Blue (cyan in high contrast) is negative, ' +
          'red (orange) positive, the neutral colour 0; each matrix on its own scale (±its largest weight).',
      }),
    ]);
  }

  /** Builds one figure per layer for the current network. */
  structure(): void {
    const network = this.playground.model.network;
    this.spec = network;
    this.figures = [];
    this.grid.replaceChildren();
    if (!network) return;
    const layout = matrixLayout(network);
    for (let l = 0; l < layout.length; l += 2) {
      const [weight, bias] = [layout[l], layout[l + 1]];
      const cell = Math.max(1, Math.min(MAX_CELL, Math.floor(MAX_SIDE / Math.max(weight.rows, weight.cols + 1))));
      const canvas = new HeatmapCanvas('weights-canvas', false);
      const biasCanvas = new HeatmapCanvas('weights-canvas bias', false);
      canvas.resize(weight.cols * cell, weight.rows * cell);
      biasCanvas.resize(cell, weight.rows * cell);
      const caption = el('figcaption', { class: 'weights-caption' });
      const figure: Figure = { weight, bias, canvas, biasCanvas, caption, cursor: null, cell };
      for (const [target, isBias] of [
        [canvas.canvas, false],
        [biasCanvas.canvas, true],
      ] as const) {
        target.addEventListener('pointermove', (event) => this.hover(figure, event, isBias));
        target.addEventListener('pointerleave', () => this.point(figure, null));
      }
      const matrix = el(
        'div',
        {
          id: `weights-${weight.name}`,
          class: 'weights-matrix',
          attrs: {
            tabindex: 0,
            role: 'img',
            'data-shape': `${weight.rows}x${weight.cols}`,
            'aria-label': `${weight.name}: ${weight.rows} by ${weight.cols} weights and ${bias.name}, ${weight.rows} biases. Arrow keys read one cell.`,
          },
          on: { keydown: (event) => this.key(figure, event), blur: () => this.point(figure, null) },
        },
        [canvas.canvas, biasCanvas.canvas],
      );
      this.grid.append(el('figure', { class: 'weights-figure' }, [matrix, caption]));
      this.figures.push(figure);
    }
    this.update();
  }

  /** Redraws every cell from the current parameters. */
  update(): void {
    if (!this.spec || this.playground.model.network !== this.spec) return;
    const params = this.playground.params;
    const palette = this.palette();
    for (const f of this.figures) {
      const w = params.subarray(f.weight.offset, f.weight.offset + f.weight.rows * f.weight.cols);
      const b = params.subarray(f.bias.offset, f.bias.offset + f.bias.cols);
      const scale = zeroCentred(w);
      const biasScale = zeroCentred(b);
      f.canvas.draw(w, f.weight.rows, f.weight.cols, scale, palette);
      f.biasCanvas.draw(b, f.bias.cols, 1, biasScale, palette);
      const weights = `${f.weight.name} ${f.weight.rows}×${f.weight.cols} ±${formatNumber(scale.halfWidth)}`;
      f.caption.textContent = `${weights} · ${f.bias.name} ±${formatNumber(biasScale.halfWidth)}`;
    }
    const shown = this.figures.find((f) => f.cursor);
    if (shown) this.point(shown, shown.cursor);
  }

  private hover(figure: Figure, event: PointerEvent, isBias: boolean): void {
    const target = event.currentTarget as HTMLElement;
    const box = target.getBoundingClientRect();
    const rows = figure.weight.rows;
    const row = Math.min(rows - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * rows)));
    const col = isBias
      ? figure.weight.cols
      : Math.min(figure.weight.cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * figure.weight.cols)));
    this.point(figure, [row, col]);
  }

  private key(figure: Figure, event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [r, c] = figure.cursor ?? [0, -1];
    const row = Math.max(0, Math.min(figure.weight.rows - 1, r + move[0]));
    const col = Math.max(0, Math.min(figure.weight.cols, c + move[1]));
    this.point(figure, [row, col]);
  }

  /** Shows the value and gradient of one cell (column = cols: the bias), or clears the readout. */
  private point(figure: Figure, at: [number, number] | null): void {
    for (const f of this.figures) if (f !== figure) f.cursor = null;
    figure.cursor = at;
    if (!at) {
      this.readout.textContent = '';
      return;
    }
    const [row, col] = at;
    const isBias = col >= figure.weight.cols;
    const index = isBias ? figure.bias.offset + row : figure.weight.offset + row * figure.weight.cols + col;
    const name = isBias ? `${figure.bias.name}[${row}]` : `${figure.weight.name}[${row},${col}]`;
    const { params, grad } = this.playground;
    const where = isBias ? `bias of neuron ${row + 1}` : `neuron ${row + 1}, input ${col + 1}`;
    this.readout.textContent = `${name} (${where}) = ${formatNumber(params[index])} · gradient ${formatNumber(grad[index])}`;
  }
}
