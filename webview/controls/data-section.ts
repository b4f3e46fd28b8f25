// The Data section: what is loaded, the lesson's generator settings with Regenerate, the lesson's
// own data in one click, and loading a CSV file. A bad setting or file keeps the current data.
import { GeneratorSettings, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { describeData } from '../app/data';
import type { Playground } from '../app/playground';
import { el, field, section } from '../ui/dom';
import { button } from '../ui/toolkit';

type NumberKey = Exclude<keyof GeneratorSettings, 'fn' | 'linspace'>;

const NUMBER_FIELDS: [NumberKey, string, string][] = [
  ['n', 'Points', 'data-n'],
  ['min', 'x from', 'data-min'],
  ['max', 'x to', 'data-max'],
  ['mult', 'Noise ×', 'data-mult'],
  ['add', 'Noise +', 'data-add'],
  ['seed', 'Seed', 'data-seed'],
];

export class DataSection {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly fn: HTMLInputElement;
  private readonly numbers = new Map<NumberKey, HTMLInputElement>();
  private readonly error: HTMLElement;
  private readonly userCsv: HTMLElement;

  constructor(
    private readonly playground: Playground,
    pickCsv: () => void,
  ) {
    this.summary = el('p', { id: 'data-summary', class: 'summary', attrs: { 'aria-live': 'polite' } });
    this.fn = el('input', { id: 'data-fn', class: 'code', attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off' } });
    const grid = el('div', { class: 'field-grid' });
    for (const [key, label, id] of NUMBER_FIELDS) {
      const input = el('input', { id, class: 'number', attrs: { type: 'number', step: key === 'n' || key === 'seed' ? 1 : 'any' } });
      input.addEventListener('keydown', (event) => event.key === 'Enter' && this.regenerate());
      this.numbers.set(key, input);
      grid.append(field(label, input));
    }
    this.fn.addEventListener('keydown', (event) => event.key === 'Enter' && this.regenerate());
    this.error = el('div', { id: 'data-error', class: 'error-text', attrs: { role: 'alert' } });
    this.userCsv = button('Your CSV', {
      id: 'user-csv',
      title: 'Bring back the CSV data you loaded',
      onClick: () => this.playground.restoreUserCsv(),
    });
    const actions = el('div', { class: 'button-row' }, [
      button('Regenerate', {
        id: 'regenerate',
        appearance: 'primary',
        title: 'Make the data again from these settings',
        onClick: () => this.regenerate(),
      }),
      button('New seed', { id: 'new-seed', title: 'Regenerate with a random seed', onClick: () => this.newSeed() }),
      button("Lesson's data", {
        id: 'lesson-data',
        title: "The notebook's 20 points (seed 42)",
        onClick: () => this.playground.setGenerator({ ...NOTEBOOK_SETTINGS }),
      }),
      button('Load CSV…', { id: 'load-csv', title: 'Use your own x, y data from a CSV file', onClick: pickCsv }),
      this.userCsv,
    ]);
    this.element = section('Data', 'section-data', [this.summary, field('Function of x', this.fn), grid, actions, this.error]);
    playground.events.on('data', () => this.show());
    playground.events.on('dataError', (message) => (this.error.textContent = message ?? ''));
  }

  private read(): GeneratorSettings {
    const settings = { fn: this.fn.value.trim() } as GeneratorSettings;
    for (const [key] of NUMBER_FIELDS) {
      const raw = this.numbers.get(key)!.value.trim();
      settings[key] = raw === '' ? NaN : Number(raw);
    }
    return settings;
  }

  private regenerate(): void {
    this.playground.setGenerator(this.read());
  }

  private newSeed(): void {
    this.numbers.get('seed')!.value = String(Math.floor(Math.random() * 100_000));
    this.regenerate();
  }

  private show(): void {
    const { state, data } = this.playground;
    this.summary.textContent = describeData(state.data, data.x.length);
    const csv = state.data.kind === 'csv' ? null : state.userCsv;
    this.userCsv.hidden = !csv;
    if (csv) this.userCsv.textContent = `Back to ${csv.name}`;
    this.error.textContent = '';
    const settings = state.data.kind === 'generator' ? state.data.settings : NOTEBOOK_SETTINGS;
    this.fn.value = settings.fn;
    for (const [key] of NUMBER_FIELDS) this.numbers.get(key)!.value = String(settings[key]);
  }
}
