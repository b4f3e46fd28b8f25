// The Training section: learning rate, schedule, steps per frame, stop-at, loss, gradient
// accumulation and the backend. A refused value is named in place and the old one stays.
import type { LossName } from '../../src/core/eval/loss';
import { BACKEND_CHOICES, BackendChoice, LIMITS } from '../../src/core/limits';
import { defaultSchedule, Schedule, SCHEDULE_KINDS } from '../../src/core/train/sgd';
import type { Playground } from '../app/playground';
import type { TrainControls } from '../../src/protocol/state';
import { pageBackendAvailability, pageIdle } from '../training/page-backends';
import { el, field, section } from '../ui/dom';

const SCHEDULE_LABELS: Record<Schedule['kind'], string> = {
  constant: 'Constant',
  step: 'Step decay',
  exponential: 'Exponential decay',
  cosine: 'Cosine',
};

/** The numbers each schedule takes, with their labels. */
const SCHEDULE_FIELDS: { [K in Schedule['kind']]: [keyof Extract<Schedule, { kind: K }>, string][] } = {
  constant: [],
  step: [
    ['every', 'every (steps)'],
    ['gamma', 'gamma'],
  ],
  exponential: [['gamma', 'gamma per step']],
  cosine: [
    ['steps', 'over (steps)'],
    ['minLr', 'min rate'],
  ],
};

export class TrainSection {
  readonly element: HTMLDetailsElement;
  private readonly lr: HTMLInputElement;
  private readonly schedule: HTMLSelectElement;
  private readonly scheduleFields: HTMLElement;
  private readonly stepsPerFrame: HTMLInputElement;
  private readonly stopAt: HTMLInputElement;
  private readonly lossKind: HTMLSelectElement;
  private readonly accumulate: HTMLInputElement;
  private readonly backend: HTMLSelectElement;
  private readonly error: HTMLElement;

  constructor(private readonly playground: Playground) {
    const commit = (change: () => Partial<TrainControls>, input: HTMLElement) => {
      const problem = this.playground.setTrain(change());
      this.error.textContent = problem ?? '';
      input.toggleAttribute('aria-invalid', problem !== null);
    };
    this.lr = el('input', { id: 'lr', class: 'number', attrs: { type: 'number', step: 'any', min: 0 } });
    this.lr.addEventListener('change', () => commit(() => ({ lr: Number(this.lr.value) }), this.lr));
    this.schedule = el(
      'select',
      { id: 'schedule' },
      SCHEDULE_KINDS.map((kind) => el('option', { text: SCHEDULE_LABELS[kind], attrs: { value: kind } })),
    );
    this.schedule.addEventListener('change', () =>
      commit(() => ({ schedule: defaultSchedule(this.schedule.value as Schedule['kind'], 1000) }), this.schedule),
    );
    this.scheduleFields = el('div', { class: 'field-grid' });
    this.stepsPerFrame = el('input', {
      id: 'steps-per-frame',
      class: 'number',
      attrs: { type: 'number', step: 1, min: 1, max: LIMITS.stepsPerFrame },
    });
    this.stepsPerFrame.addEventListener('change', () =>
      commit(() => ({ stepsPerFrame: Number(this.stepsPerFrame.value) }), this.stepsPerFrame),
    );
    this.stopAt = el('input', { id: 'stop-at', class: 'number', attrs: { type: 'number', step: 1, min: 0 } });
    this.stopAt.addEventListener('change', () => commit(() => ({ stopAt: Number(this.stopAt.value) }), this.stopAt));
    this.lossKind = el('select', { id: 'loss-kind' }, [
      el('option', { text: 'MAE', attrs: { value: 'mae', title: "mean absolute error, the lesson's" } }),
      el('option', { text: 'MSE', attrs: { value: 'mse', title: 'mean squared error' } }),
    ]);
    this.lossKind.addEventListener('change', () => commit(() => ({ loss: this.lossKind.value as LossName }), this.lossKind));
    this.accumulate = el('input', { id: 'accumulate', attrs: { type: 'checkbox' } });
    this.accumulate.addEventListener('change', () => commit(() => ({ accumulateGrad: this.accumulate.checked }), this.accumulate));
    this.backend = el(
      'select',
      { id: 'backend' },
      BACKEND_CHOICES.map((name) => el('option', { text: name, attrs: { value: name } })),
    );
    this.backend.addEventListener('change', () => commit(() => ({ backend: this.backend.value as BackendChoice }), this.backend));
    this.error = el('div', { id: 'train-error', class: 'error-text', attrs: { role: 'alert' } });

    this.element = section('Training', 'section-train', [
      el('div', { class: 'field-grid' }, [field('Learning rate', this.lr), field('Schedule', this.schedule)]),
      this.scheduleFields,
      el('div', { class: 'field-grid' }, [
        field('Steps per frame', this.stepsPerFrame),
        field('Stop after steps (0 = never)', this.stopAt),
        field('Loss', this.lossKind),
        field('Backend', this.backend),
      ]),
      el('label', { class: 'check' }, [this.accumulate, 'Accumulate gradients, as in the original notebook']),
      el('p', {
        class: 'hint',
        text:
          "The notebook's loop never zeroes the gradient, so each step adds to the last (much like momentum). Its " +
          'printed numbers come from that; untick for the textbook step.',
      }),
      this.error,
    ]);
    playground.events.on('config', () => this.show());
    void this.markAvailability();
  }

  /** Once the panel is drawn and idle (loading onnxruntime-web to ask must not delay the first chart). */
  private async markAvailability(): Promise<void> {
    await pageIdle();
    for (const option of await pageBackendAvailability()) {
      const item = Array.from(this.backend.options).find((o) => o.value === option.name);
      if (!item) continue;
      // Unavailable ones stay selectable: choosing one falls back to cpu and the status says why.
      const detail = option.unavailableReason ?? option.caveat;
      item.textContent = detail ? `${option.name} (${detail})` : option.name;
    }
  }

  private show(): void {
    const t = this.playground.state.train;
    const set = (input: HTMLInputElement | HTMLSelectElement, value: string) => {
      if (document.activeElement !== input) input.value = value;
      input.removeAttribute('aria-invalid');
    };
    set(this.lr, String(t.lr));
    set(this.schedule, t.schedule.kind);
    set(this.stepsPerFrame, String(t.stepsPerFrame));
    set(this.stopAt, String(t.stopAt));
    set(this.lossKind, t.loss);
    set(this.backend, t.backend);
    this.accumulate.checked = t.accumulateGrad;
    this.error.textContent = '';
    this.showScheduleFields(t.schedule);
  }

  private showScheduleFields(schedule: Schedule): void {
    const fields = SCHEDULE_FIELDS[schedule.kind] as [string, string][];
    this.scheduleFields.replaceChildren(
      ...fields.map(([key, label]) => {
        const input = el('input', { id: `schedule-${key}`, class: 'number', attrs: { type: 'number', step: 'any' } });
        input.value = String((schedule as unknown as Record<string, number>)[key]);
        input.addEventListener('change', () => {
          const problem = this.playground.setTrain({ schedule: { ...schedule, [key]: Number(input.value) } as Schedule });
          this.error.textContent = problem ?? '';
          input.toggleAttribute('aria-invalid', problem !== null);
        });
        return field(label, input);
      }),
    );
    this.scheduleFields.hidden = fields.length === 0;
  }
}
