// One parameter: a native range slider, its number box, an adjustable range, and a meter showing
// the way that lowers the loss (minus the gradient): arrow for the sign, bar for the size, and the
// gradient itself printed as autograd prints it (-1.3529).
import { el, formatNumber, uniqueId } from '../ui/dom';
import { arrowStep, sliderStep } from '../app/ranges';

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
  private readonly gradValue: HTMLElement;
  private readonly rangeEditor: HTMLElement;
  private readonly minBox: HTMLInputElement;
  private readonly maxBox: HTMLInputElement;
  private readonly rangeError: HTMLElement;
  private range: [number, number] = [-1, 1];
  private value = 0;

  constructor(
    readonly name: string,
    private readonly actions: ParamRowActions,
  ) {
    const id = uniqueId(`param`);
    this.slider = el('input', {
      id,
      class: 'slider',
      attrs: {
        type: 'range',
        'data-param': name,
        'aria-label': name,
        title: 'Arrow keys: a step of 1/50 of the range; Shift ×10, Alt ÷10',
      },
      on: {
        input: (event) => this.actions.setValue(Number(this.slider.value), event.timeStamp),
        keydown: (event) => this.arrowKey(event),
      },
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
    this.gradValue = el('span', { class: 'grad-value', attrs: { 'data-grad-value': name, 'aria-hidden': 'true' } });
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
      this.gradValue,
      toggle,
      this.rangeEditor,
    ]);
  }

  /** Arrow keys move by a visible step (Shift ×10, Alt ÷10); the value is not held to the slider's grid. */
  private arrowKey(event: KeyboardEvent): void {
    const sign = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
    if (sign === undefined || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation(); // Alt+Left/Right would also be the workbench's Go Back / Go Forward
    const step = arrowStep(this.range, event);
    // To 12 digits, so repeated presses land on tidy numbers (1.1 → 1.2, not 1.2000000000000002).
    this.actions.setValue(Number((this.value + sign * step).toPrecision(12)), event.timeStamp);
    // A native range input fires `change` after each key step; listeners (the code binding closes its
    // undo step on it) must see the same whether the browser or this handler moved the slider.
    this.slider.dispatchEvent(new Event('change', { bubbles: true }));
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

  /**
   * Shows a value, its range and its gradient; `scale` is the largest |gradient| among the
   * parameters; `exact` when the model fits the data exactly (what is left of the gradient there
   * is rounding, and no direction lowers the loss).
   */
  update(value: number, range: [number, number], grad: number, scale: number, exact = false): void {
    if (range[0] !== this.range[0] || range[1] !== this.range[1]) {
      this.range = range;
      this.slider.min = String(range[0]);
      this.slider.max = String(range[1]);
      this.slider.step = String(sliderStep(range));
      this.minBox.value = formatNumber(range[0]);
      this.maxBox.value = formatNumber(range[1]);
    }
    this.value = value;
    this.slider.value = String(value);
    if (document.activeElement !== this.box) this.box.value = formatNumber(value);
    this.slider.setAttribute('aria-valuetext', formatNumber(value));
    this.showGradient(grad, scale, exact);
  }

  private showGradient(grad: number, scale: number, exact: boolean): void {
    const finite = Number.isFinite(grad);
    const size = finite && scale > 0 ? Math.abs(grad) / scale : 0;
    const improve = -grad; // the way that lowers the loss
    // Flat when it is tiny next to the others or tiny outright, or when the fit is exact.
    const direction = exact || !finite || size < 1e-3 || Math.abs(grad) < 1e-6 ? 'none' : improve > 0 ? 'up' : 'down';
    this.meter.dataset.direction = direction;
    this.bar.style.width = direction === 'none' ? '0%' : `${Math.round(Math.sqrt(size) * 100)}%`;
    this.arrow.textContent = direction === 'up' ? '▶' : direction === 'down' ? '◀' : '·';
    const advice = exact
      ? 'the fit is exact, no direction lowers the loss'
      : direction === 'none'
        ? 'the loss is flat here'
        : `${direction === 'up' ? 'increasing' : 'decreasing'} ${this.name} lowers the loss`;
    const printed = exact ? '0' : formatGradient(grad);
    this.gradValue.textContent = printed;
    this.gradValue.title = `∂loss/∂${this.name} = ${finite ? String(grad) : printed}`;
    const text = `gradient ${printed}: ${advice}`;
    this.meter.setAttribute('aria-label', text);
    this.meter.title = text;
  }
}

/** A gradient as torch prints a tensor, four decimals (-1.3529), or compactly when that would read as 0 or be too long. */
export function formatGradient(grad: number): string {
  if (!Number.isFinite(grad)) return String(grad);
  const abs = Math.abs(grad);
  return abs === 0 || (abs >= 1e-4 && abs < 1e5) ? grad.toFixed(4) : formatNumber(grad);
}
