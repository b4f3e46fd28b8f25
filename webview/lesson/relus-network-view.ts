// The chapter "N ReLUs summed is a one-layer network" shown with the learner's own numbers: the
// current sum of ReLUs written as the 1 → N → 1 network it is (W1 = m, b1 = b, W2 = the output
// weights, 1 for the lesson's plain sum, b2 = c or 0: src/core/model/relus-as-network.ts), that
// network evaluated by the tensor engine beside the formula engine's loss and curve (the same to
// rounding), and "Open as Layers", which makes it the playground's model with exactly these weights.
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { formatLayers, MlpSpec } from '../../src/core/model/mlp';
import { MlpEvaluator } from '../../src/core/model/mlp-evaluator';
import { programAsNetwork } from '../../src/core/model/relus-as-network';
import type { Playground } from '../app/playground';
import { withNetworkWeights } from '../layers/network-state';
import { el, formatNumber } from '../ui/dom';
import { button } from '../ui/toolkit';
import { RELUS_NETWORK_CHAPTER } from '../../src/protocol/lesson';
import { rememberChapter } from './chapters';

/** Neurons listed one per row up to this many; more are summarised. */
const ROWS_SHOWN = 16;

export class ReluNetworkView {
  readonly element: HTMLElement;
  private readonly shape: HTMLElement;
  private readonly losses: HTMLElement;
  private readonly table: HTMLTableSectionElement;
  private frame: number | null = null;
  /** The tensor engine on the data and on the fit chart's grid, for the current shape and data. */
  private engines: { key: string; onData: MlpEvaluator; onGrid: MlpEvaluator; of: unknown } | null = null;

  constructor(private readonly playground: Playground) {
    this.shape = el('p', { id: 'relus-network-shape', class: 'summary' });
    this.losses = el('p', { id: 'relus-network-loss', attrs: { 'aria-live': 'polite' } });
    this.table = el('tbody');
    const head = el(
      'tr',
      {},
      ['j', 'W1 = m', 'b1 = b', 'W2'].map((t) => el('th', { text: t, attrs: { scope: 'col' } })),
    );
    this.element = el(
      'section',
      { id: 'relus-network', class: 'relus-network', attrs: { hidden: true, 'aria-label': 'The sum of ReLUs as a network' } },
      [
        el('h2', { text: 'The same model as a network' }),
        this.shape,
        el('div', { class: 'preview-scroll' }, [
          el('table', { id: 'relus-network-weights', class: 'weights-table' }, [el('thead', {}, [head]), this.table]),
        ]),
        this.losses,
        el('div', { class: 'button-row' }, [
          button('Open as Layers', {
            id: 'relus-network-open',
            title: 'Make this network, with exactly these weights, the model: its output weights then learn too',
            onClick: () => this.openAsLayers(),
          }),
        ]),
      ],
    );
    for (const event of ['structure', 'data', 'chapter', 'config'] as const) playground.events.on(event, () => this.update());
    playground.events.on('params', () => this.updateSoon());
  }

  /** The model as a network, when the chapter is shown and the model is a sum of ReLUs. */
  private network(): { spec: MlpSpec; params: Float64Array } | null {
    const p = this.playground;
    if (p.state.chapter !== RELUS_NETWORK_CHAPTER || !p.model.program) return null;
    return programAsNetwork(p.model.program, p.params);
  }

  private updateSoon(): void {
    if (this.frame !== null || this.element.hidden) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.update();
    });
  }

  private enginesFor(spec: MlpSpec): NonNullable<ReluNetworkView['engines']> {
    const p = this.playground;
    const key = formatLayers(spec);
    if (this.engines?.key === key && this.engines.of === p.evaluation) return this.engines;
    this.engines = {
      key,
      onData: new MlpEvaluator(spec, p.data),
      onGrid: new MlpEvaluator(spec, { x: p.evaluation.grid }),
      of: p.evaluation,
    };
    return this.engines;
  }

  private update(): void {
    const found = this.network();
    this.element.hidden = !found;
    if (!found) return;
    const { spec, params } = found;
    const p = this.playground;
    const n = spec.hidden[0].width;
    const plain = params.subarray(2 * n, 3 * n).every((w) => w === 1) && params[3 * n] === 0;
    const output = plain ? '= 1 for every neuron and b2 = 0: the plain sum' : '= w and b2 = c';
    this.shape.textContent = `1 → ${n} → 1 · ${params.length} parameters: W1 = m (${n} × 1), b1 = b, ReLU, then W2 (1 × ${n}) ${output}.`;
    const engines = this.enginesFor(spec);
    const loss = p.state.train.loss;
    const networkLoss = engines.onData.loss(params, p.data.y, loss);
    const curve = p.evaluation.curveAt(p.params);
    const networkCurve = engines.onGrid.predict(params);
    let gap = 0;
    for (let i = 0; i < curve.length; i++) gap = Math.max(gap, Math.abs(curve[i] - networkCurve[i]));
    this.losses.dataset.formulaLoss = String(p.loss);
    this.losses.dataset.networkLoss = String(networkLoss);
    this.losses.dataset.curveGap = String(gap);
    const label = LOSS_LABELS[loss];
    const both = `${label} as the formula: ${p.loss.toPrecision(12)} · as the network (tensor engine): ${networkLoss.toPrecision(12)}`;
    this.losses.textContent = `${both} · largest difference between the two curves: ${gap === 0 ? '0' : gap.toExponential(1)}.`;
    const rows = Math.min(n, ROWS_SHOWN);
    const cells = (j: number) => [String(j + 1), formatNumber(params[j]), formatNumber(params[n + j]), formatNumber(params[2 * n + j])];
    this.table.replaceChildren(
      ...Array.from({ length: rows }, (_, j) =>
        el(
          'tr',
          {},
          cells(j).map((text) => el('td', { text })),
        ),
      ),
      ...(n > rows ? [el('tr', {}, [el('td', { text: `… ${n - rows} more`, attrs: { colspan: 4 } })])] : []),
    );
  }

  private openAsLayers(): void {
    const found = this.network();
    if (!found) return;
    const p = this.playground;
    const network = { inputs: 1, hidden: found.spec.hidden.map((layer) => ({ ...layer })), seed: 0 };
    p.load({ ...withNetworkWeights(rememberChapter(p.state), network, found.params), data: p.state.data });
  }
}
