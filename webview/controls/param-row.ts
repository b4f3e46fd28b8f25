// One parameter: a native range slider, its number box, an adjustable range, and a meter showing
// the way that lowers the loss (minus the gradient): arrow for the sign, bar for the size.
import { el, formatNumber, uniqueId } from '../ui/dom';
import { sliderStep } from '../app/ranges';

export interface ParamRowActions {
  setValue(value: number, inputTime?: number): void;
  setRange(range: [number, number]): string | null;
}

export class ParamRow {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly box: HTMLInputElement;
  private readonly meter: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly arrow: HTMLElement;
  private readonly rangeEditor: HTMLElement;
  private readonly minBox: HTMLInputElement;
  private readonly maxBox: HTMLInputElement;
  private readonly rangeError: HTMLElement;
  private range: [number, number] = [-1, 1];

  constructor(
    readonly name: string,
    private readonly actions: ParamRowActions,
  ) {
    const id = uniqueId(`param`);
    this.slider = el('input', {
      id,
      class: 'slider',
      attrs: { type: 'range', 'data-param': name, 'aria-label': name },
      on: { input: (event) => this.actions.setValue(Number(this.slider.value), event.timeStamp) },
    });
    this.box = el('input', {
      class: 'number',
      attrs: { type: 'number', step: 'any', 'data-param': name, 'aria-label': `Value of ${name}` },
      on: {
        change: () => this.commitBox(),
        keydown: (event) => event.key === 'Enter' && this.commitBox(),
        blur: () => this.box.removeAttribute('aria-invalid'),
      },
    });
    this.arrow = el('span', { class: 'grad-arrow', attrs: { 'aria-hidden': 'true' } });
    this.bar = el('span', { class: 'grad-bar', attrs: { 'aria-hidden': 'true' } });
    this.meter = el('span', { class: 'grad', attrs: { role: 'img', 'data-grad': name } }, [
      el('span', { class: 'grad-track' }, [this.bar]),
      this.arrow,
    ]);
    this.minBox = el('input', { class: 'number', attrs: { type: 'number', step: 'any', 'aria-label': `Minimum of ${name}` } });
    this.maxBox = el('input', { class: 'number', attrs: { type: 'number', step: 'any', 'aria-label': `Maximum of ${name}` } });
    this.rangeError = el('div', { class: 'error-text', attrs: { role: 'alert' } });
    const applyRange = () => {
      const problem = this.actions.setRange([Number(this.minBox.value), Number(this.maxBox.value)]);
      this.rangeError.textContent = problem ?? '';
    };
    this.minBox.addEventListener('change', applyRange);
    this.maxBox.addEventListener('change', applyRange);
    this.rangeEditor = el('div', { class: 'range-editor', attrs: { hidden: true } }, [
      el('label', { text: 'min' }, [this.minBox]),
      el('label', { text: 'max' }, [this.maxBox]),
      this.rangeError,
    ]);
    const toggle = el('button', {
      class: 'icon-button',
      text: '⋯',
      title: `Slider range of ${name}`,
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-label': `Slider range of ${name}` },
      on: {
        click: () => {
          const open = this.rangeEditor.hasAttribute('hidden');
          this.rangeEditor.toggleAttribute('hidden', !open);
          toggle.setAttribute('aria-expanded', String(open));
        },
      },
    });
    this.element = el('div', { class: 'param-row' }, [
      el('label', { class: 'param-name', text: name, attrs: { for: id } }),
      this.slider,
      this.box,
      this.meter,
      toggle,
      this.rangeEditor,
    ]);
  }

  private commitBox(): void {
    const value = Number(this.box.value);
    if (this.box.value.trim() === '' || !Number.isFinite(value)) {
      this.box.setAttribute('aria-invalid', 'true');
      return;
    }
    this.box.removeAttribute('aria-invalid');
    this.actions.setValue(value);
  }

  /** Shows a value, its range and its gradient; `scale` is the largest |gradient| among the parameters. */
  update(value: number, range: [number, number], grad: number, scale: number): void {
    if (range[0] !== this.range[0] || range[1] !== this.range[1]) {
      this.range = range;
      this.slider.min = String(range[0]);
      this.slider.max = String(range[1]);
      this.slider.step = String(sliderStep(range));
      this.minBox.value = formatNumber(range[0]);
      this.maxBox.value = formatNumber(range[1]);
    }
    if (document.activeElement !== this.slider) this.slider.value = String(value);
    if (document.activeElement !== this.box) this.box.value = formatNumber(value);
    this.slider.setAttribute('aria-valuetext', formatNumber(value));
    this.showGradient(grad, scale);
  }

  private showGradient(grad: number, scale: number): void {
    const finite = Number.isFinite(grad);
    const size = finite && scale > 0 ? Math.abs(grad) / scale : 0;
    const improve = -grad; // the way that lowers the loss
    // Flat when it is tiny next to the others or tiny outright (an exact fit leaves only rounding).
    const direction = !finite || size < 1e-3 || Math.abs(grad) < 1e-6 ? 'none' : improve > 0 ? 'up' : 'down';
    this.meter.dataset.direction = direction;
    this.bar.style.width = direction === 'none' ? '0%' : `${Math.round(Math.sqrt(size) * 100)}%`;
    this.arrow.textContent = direction === 'up' ? '▶' : direction === 'down' ? '◀' : '·';
    const advice =
      direction === 'none' ? 'the loss is flat here' : `${direction === 'up' ? 'increasing' : 'decreasing'} ${this.name} lowers the loss`;
    const text = `gradient ${finite ? formatNumber(grad) : String(grad)}: ${advice}`;
    this.meter.setAttribute('aria-label', text);
    this.meter.title = text;
  }
}
