// The playground bound to numbers in the user's code: loads the bound model with the literals'
// values, sends slider moves to the host to rewrite those literals (at most once a frame while
// dragging, and once more when the drag ends, so one drag is one undo step), writes fitted values
// once when training stops, moves the sliders when the code's numbers change, and shows where it
// is bound with a way to unbind.
import type { BoundModel } from '../../src/protocol/binding';
import type { HostMessage } from '../../src/protocol/messages';
import type { Host } from '../host-bridge';
import { el } from '../ui/dom';
import { ownValue } from '../../src/core/own-record';
import { emptyHistory } from './history';
import { buildModel, carryRanges } from './model';
import type { Playground } from './playground';
import { sliderStep } from './ranges';

/** Steps a "Fit" runs before it stops and writes back (the user can press Train again). */
export const FIT_STEPS = 1000;

export class BoundMode {
  readonly bar: HTMLElement;
  private readonly where: HTMLElement;
  private readonly status: HTMLElement;
  private readonly unbindButton: HTMLButtonElement;
  private binding: BoundModel | null = null;
  /** Parameter index in the playground → index in the binding (same names). */
  private order: number[] = [];
  private applying = false;
  private frame: number | null = null;
  private pendingMovedAt: number | undefined;
  private dragOpen = false;
  private statusFrame: number | null = null;

  constructor(
    private readonly playground: Playground,
    private readonly host: Host,
  ) {
    this.where = el('span', { class: 'binding-where' });
    this.status = el('span', { class: 'binding-status', attrs: { role: 'status' } });
    this.unbindButton = el('button', {
      class: 'secondary',
      text: 'Unbind',
      title: 'Stop writing the sliders into the code',
      attrs: { type: 'button' },
      on: { click: () => this.unbind() },
    });
    this.bar = el('div', { class: 'binding-bar', attrs: { hidden: true, role: 'region', 'aria-label': 'Bound code' } }, [
      this.where,
      this.status,
      this.unbindButton,
    ]);
    const events = playground.events;
    events.on('params', ({ source, inputTime }) => {
      if (!this.binding || this.applying) return;
      this.scheduleStatus();
      if (source === 'slider') this.scheduleWrite(inputTime);
      else if (source === 'reset') this.write('end');
    });
    events.on('running', (running) => {
      if (!running && this.binding) this.write('end');
    });
    events.on('structure', () => {
      if (!this.binding || this.applying) return;
      if (!this.sameModel()) this.unbind('the model in the panel changed');
    });
    // A released slider or a committed number box ends the drag: the last write closes its undo step.
    window.addEventListener(
      'change',
      (event) => {
        const target = event.target as HTMLElement | null;
        if (this.binding && target instanceof HTMLInputElement && target.dataset.param !== undefined) this.flush();
      },
      true,
    );
  }

  handle(message: HostMessage): boolean {
    switch (message.type) {
      case 'bind':
        this.bind(message.binding);
        return true;
      case 'boundValues':
        if (this.binding?.id === message.id) {
          this.applyValues(message.values);
          if (message.label !== undefined) this.showWhere(this.binding.place, message.label);
        }
        return true;
      case 'unbound':
        if (this.binding?.id === message.id) this.release(`Unbound: ${message.reason}`);
        return true;
      default:
        return false;
    }
  }

  private bind(binding: BoundModel): void {
    const model = { preset: 'custom' as const, formula: binding.formula, vectors: {} };
    const built = buildModel(model);
    if (!built.ok) {
      this.host.log('error', `Cannot bind: ${built.error.message}`);
      return;
    }
    const names = built.value.names;
    const values = names.map((name) => binding.params.find((p) => p.name === name)?.value ?? 1);
    const state = this.playground.state;
    this.applying = true;
    try {
      this.playground.load({
        ...state,
        model,
        init: values,
        params: [...values],
        ranges: carryRanges({}, names, values),
        yDomain: null,
        step: 0,
        direction: undefined,
        history: emptyHistory(),
        chapter: null,
        customFormula: binding.formula,
      });
    } finally {
      this.applying = false;
    }
    this.binding = binding;
    this.order = this.playground.model.names.map((name) => binding.params.findIndex((p) => p.name === name));
    this.dragOpen = false;
    this.bar.hidden = false;
    this.bar.dataset.state = 'bound';
    this.showWhere(binding.place, binding.label);
    const computed = binding.params.filter((p) => !p.writable).map((p) => `${p.name} = ${p.source}`);
    this.status.textContent = binding.readOnly
      ? ` · ${binding.readOnly}`
      : computed.length
        ? ` · not written: ${computed.join(', ')}`
        : binding.params.length
          ? ' · sliders write into the code'
          : '';
    this.unbindButton.hidden = false;
    this.scheduleStatus();
    if (binding.fit && binding.params.length) {
      const stopAt = this.playground.state.step + FIT_STEPS;
      this.playground.setTrain({ stopAt });
      this.playground.train();
    }
  }

  /** Where it is bound and the bound code as it reads now (the host sends it after every change). */
  private showWhere(place: string, label: string): void {
    this.where.textContent = `Bound to ${place}: ${label}`;
    this.where.title = label;
  }

  private sameModel(): boolean {
    const names = this.playground.model.names;
    return !!this.binding && this.playground.state.model.formula === this.binding.formula && names.length === this.order.length;
  }

  private applyValues(values: Array<number | null>): void {
    this.applying = true;
    try {
      this.order.forEach((bindingIndex, paramIndex) => {
        const value = values[bindingIndex];
        if (value !== null && value !== undefined && value !== this.playground.params[paramIndex])
          this.playground.setParam(paramIndex, value);
      });
    } finally {
      this.applying = false;
    }
    this.scheduleStatus();
  }

  private scheduleWrite(inputTime?: number): void {
    if (this.pendingMovedAt === undefined && inputTime !== undefined) this.pendingMovedAt = performance.timeOrigin + inputTime;
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.write('drag');
    });
  }

  private flush(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.write('end');
  }

  private write(phase: 'drag' | 'end'): void {
    const binding = this.binding;
    if (!binding || binding.readOnly || !binding.params.some((p) => p.writable)) return;
    const values = binding.params.map((p) => p.value);
    const steps = binding.params.map(() => 0.001);
    this.order.forEach((bindingIndex, paramIndex) => {
      if (bindingIndex < 0) return;
      values[bindingIndex] = this.playground.params[paramIndex];
      const name = this.playground.model.names[paramIndex];
      steps[bindingIndex] = sliderStep(ownValue(this.playground.state.ranges, name) ?? [-1, 1]);
    });
    this.host.post({ type: 'boundEdit', id: binding.id, values, steps, phase, movedAt: this.pendingMovedAt });
    this.pendingMovedAt = undefined;
    this.dragOpen = phase === 'drag';
  }

  private scheduleStatus(): void {
    if (this.statusFrame !== null || !this.binding) return;
    this.statusFrame = requestAnimationFrame(() => {
      this.statusFrame = null;
      const binding = this.binding;
      if (!binding) return;
      const grad = binding.params.map(() => null as number | null);
      this.order.forEach((bindingIndex, paramIndex) => {
        const g = this.playground.grad[paramIndex];
        if (bindingIndex >= 0) grad[bindingIndex] = Number.isFinite(g) ? g : null;
      });
      const loss = this.playground.loss;
      this.host.post({
        type: 'boundStatus',
        id: binding.id,
        lossName: this.playground.state.train.loss,
        loss: Number.isFinite(loss) ? loss : null,
        grad,
      });
    });
  }

  private unbind(reason?: string): void {
    const binding = this.binding;
    if (!binding) return;
    this.host.post({ type: 'unbind', id: binding.id });
    this.release(reason ? `Unbound: ${reason}` : 'Unbound: the sliders no longer write into the code.');
  }

  private release(message: string): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.binding = null;
    this.order = [];
    this.bar.dataset.state = 'unbound';
    this.where.textContent = message;
    this.status.textContent = '';
    this.unbindButton.hidden = true;
  }
}
