// The compact layer editor of the "Layers" model: the network's shape (`2 → 8 → 8 → 1`, and its
// parameter count), one row per hidden layer (narrow −, its width, widen +, its activation, remove),
// "Add layer" and the seed the weights start from. Every control is a labelled native element, so
// the editor works from the keyboard; each edit is one Playground.setNetwork (one rebuild), and the
// control that made it keeps the focus across the re-render.
import { MLP_LIMITS } from '../../src/core/limits';
import { addLayer, EditResult, removeLayer, setActivation, setWidth, shapeText, widen } from '../../src/core/model/mlp-edit';
import { mlpParamCount } from '../../src/core/model/mlp';
import { LIMITS } from '../../src/core/limits';
import { ACTIVATIONS, Activation } from '../../src/core/tensor/ops';
import type { NetworkState } from '../../src/protocol/state';
import type { Playground } from '../app/playground';
import { el } from '../ui/dom';
import { specOf } from './network-state';

export class LayerEditor {
  readonly element: HTMLElement;
  private readonly shape: HTMLElement;
  private readonly list: HTMLElement;
  private readonly inputs: HTMLElement;
  private readonly add: HTMLButtonElement;
  private readonly seed: HTMLInputElement;
  private readonly error: HTMLElement;

  constructor(private readonly playground: Playground) {
    this.shape = el('p', { id: 'layer-shape', class: 'layer-shape code', attrs: { 'aria-live': 'polite' } });
    this.inputs = el('p', { class: 'hint layer-inputs' });
    this.list = el('ol', { class: 'layer-list', attrs: { 'aria-label': 'Hidden layers' } });
    this.add = el('button', {
      id: 'add-layer',
      class: 'text-button',
      text: 'Add layer',
      title: `Adds a hidden layer after the last (at most ${MLP_LIMITS.maxHidden}), a copy of it`,
      attrs: { type: 'button' },
      on: { click: () => this.apply((spec) => addLayer(spec)) },
    });
    this.seed = el('input', {
      id: 'layer-seed',
      class: 'number',
      attrs: { type: 'number', min: 0, max: LIMITS.seed, step: 1, 'aria-label': 'Seed of the starting weights' },
      on: { change: () => this.setSeed() },
    });
    this.error = el('div', { class: 'error-text', attrs: { role: 'alert' } });
    this.element = el('div', { id: 'layer-editor', class: 'layer-editor', attrs: { role: 'group', 'aria-label': 'Network layers' } }, [
      this.shape,
      this.inputs,
      this.list,
      el('div', { class: 'layer-actions' }, [
        this.add,
        el('label', { class: 'layer-seed', attrs: { for: 'layer-seed' } }, ['Start seed ']),
        this.seed,
      ]),
      this.error,
      el('p', {
        class: 'hint',
        text:
          'Each hidden layer multiplies its inputs by weights, adds a bias and applies its activation; the output layer ' +
          "adds up the last layer's neurons. The weights start as PyTorch's nn.Linear does (uniform in ±1/√fan-in, from " +
          'the seed); any change starts again from there.',
      }),
    ]);
  }

  private get network(): NetworkState | null {
    return this.playground.state.model.network ?? null;
  }

  /** Redraws from the playground's network, keeping the focus on the control with the same key. */
  render(): void {
    const network = this.network;
    if (!network) return;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
    const spec = specOf(network);
    this.shape.textContent = `${shapeText(spec)} · ${mlpParamCount(spec).toLocaleString('en-US')} parameters`;
    this.inputs.textContent =
      network.inputs === 2 ? 'Inputs: x1 and x2 (the data has two).' : 'Input: x (load or generate x1, x2 data for two).';
    this.list.replaceChildren(...network.hidden.map((layer, i) => this.row(layer.width, layer.activation, i, network.hidden.length)));
    this.add.disabled = network.hidden.length >= MLP_LIMITS.maxHidden;
    this.seed.value = String(network.seed);
    if (focused) {
      // The same control again; if it went (its layer was removed) or is disabled now, the nearest one that is not.
      const again = this.element.querySelector<HTMLElement>(`[data-key="${focused}"]:not([disabled])`);
      const fallback = this.add.disabled ? this.list.querySelector<HTMLElement>('.layer-width') : this.add;
      (again ?? fallback)?.focus();
    }
  }

  private row(width: number, activation: Activation, index: number, count: number): HTMLElement {
    const n = index + 1;
    const key = (what: string) => ({ 'data-key': `${what}-${n}` });
    const widthBox = el('input', {
      class: 'number layer-width',
      attrs: {
        type: 'number',
        min: 1,
        max: MLP_LIMITS.maxWidth,
        step: 1,
        value: width,
        'aria-label': `Neurons in hidden layer ${n}`,
        ...key('width'),
      },
      on: {
        change: () => this.apply((spec) => setWidth(spec, index, Number(widthBox.value))),
      },
    });
    const act = el(
      'select',
      {
        class: 'layer-activation',
        attrs: { 'aria-label': `Activation of hidden layer ${n}`, ...key('activation') },
        on: { change: () => this.apply((spec) => setActivation(spec, index, act.value as Activation)) },
      },
      ACTIVATIONS.map((name) => el('option', { text: name, attrs: { value: name } })),
    );
    act.value = activation;
    const small = (text: string, label: string, what: string, edit: () => void, disabled: boolean) =>
      el('button', {
        class: 'icon-button',
        text,
        title: label,
        attrs: { type: 'button', 'aria-label': label, disabled, ...key(what) },
        on: { click: edit },
      });
    return el('li', { class: 'layer-row' }, [
      el('span', { class: 'layer-name', text: `Hidden ${n}` }),
      small('−', `Narrow hidden layer ${n} (one neuron fewer)`, 'narrow', () => this.apply((s) => widen(s, index, -1)), width <= 1),
      widthBox,
      small(
        '+',
        `Widen hidden layer ${n} (one neuron more)`,
        'widen',
        () => this.apply((s) => widen(s, index, 1)),
        width >= MLP_LIMITS.maxWidth,
      ),
      act,
      small('✕', `Remove hidden layer ${n}`, 'remove', () => this.apply((s) => removeLayer(s, index)), count <= MLP_LIMITS.minHidden),
    ]);
  }

  /** One edit: refused with its reason (the network stays), or the new network built in one rebuild. */
  private apply(edit: (spec: ReturnType<typeof specOf>) => EditResult): void {
    const network = this.network;
    if (!network) return;
    const result = edit(specOf(network));
    this.error.textContent = result.ok ? '' : result.error;
    if (!result.ok) {
      this.render();
      return;
    }
    this.playground.setNetwork({ ...network, inputs: result.spec.inputs, hidden: result.spec.hidden });
  }

  private setSeed(): void {
    const network = this.network;
    const seed = Number(this.seed.value);
    if (!network) return;
    if (!Number.isInteger(seed) || seed < 0 || seed > LIMITS.seed) {
      this.error.textContent = `The seed is a whole number from 0 to ${LIMITS.seed}`;
      this.seed.setAttribute('aria-invalid', 'true');
      return;
    }
    this.seed.removeAttribute('aria-invalid');
    this.error.textContent = '';
    this.playground.setNetwork({ ...network, seed });
  }
}
