// The Data section: what is loaded and, for a file, what was used and skipped; the lesson's
// generator settings with Regenerate (only while generated data is shown: they do not apply to a
// file), of one input (x) or two (x1, x2: a function of both, a range for each); the lesson's own
// data in one click; drawing points by hand (draw-points.ts); loading a data file (with its
// preview and progress, see import-view.ts); a changed or vanished file; and saving the data or
// the fitted curve (or plane) as CSV.
import { toCsv } from '../../src/core/data/csv';
import { GeneratorSettings, inputCount, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { dataFunctionFits, PLANE_DEFAULTS, PlaneSettings } from '../../src/core/data/generate-plane';
import { isPlane } from '../../src/protocol/state';
import { planeOf, planePoints } from '../layers/plane';
import { describeData } from '../app/data';
import type { Playground } from '../app/playground';
import type { DataImport } from '../data/data-import';
import type { Host } from '../host-bridge';
import { el, field, section } from '../ui/dom';
import { button } from '../ui/toolkit';
import { ImportView } from './import-view';
import { SavedNote } from './saved-note';

type NumberKey = Exclude<keyof GeneratorSettings, 'fn' | 'linspace'>;

const NUMBER_FIELDS: [NumberKey, string, string][] = [
  ['n', 'Points', 'data-n'],
  ['min', 'x from', 'data-min'],
  ['max', 'x to', 'data-max'],
  ['mult', 'Noise ×', 'data-mult'],
  ['add', 'Noise +', 'data-add'],
  ['seed', 'Seed', 'data-seed'],
];

/** What the CSV saves are called (the host's `saved` answer names them so). */
const DATA_LABEL = 'the data';
const FIT_LABEL = 'the fitted curve';

const fileName = (name: string) => name.replace(/[^\w .()-]+/g, '_').slice(0, 120) || 'data';

export class DataSection {
  readonly element: HTMLDetailsElement;
  /** Where the last CSV went (the host's `saved`). */
  readonly savedNote: SavedNote;
  private readonly summary: HTMLElement;
  private readonly used: HTMLElement;
  private readonly fileStatus: HTMLElement;
  private readonly generator: HTMLElement;
  private readonly fn: HTMLInputElement;
  private readonly numbers = new Map<NumberKey, HTMLInputElement>();
  /** One input (x) or two (x1, x2). */
  private readonly inputs: HTMLSelectElement;
  private readonly x2Grid: HTMLElement;
  private readonly min2: HTMLInputElement;
  private readonly max2: HTMLInputElement;
  private readonly fnLabel: HTMLElement;
  private readonly rangeLabels: HTMLElement[] = [];
  private readonly error: HTMLElement;
  private readonly userCsv: HTMLElement;

  constructor(
    private readonly playground: Playground,
    private readonly host: Host,
    private readonly imports: DataImport,
    private readonly drawControls: HTMLElement,
  ) {
    this.summary = el('p', { id: 'data-summary', class: 'summary', attrs: { 'aria-live': 'polite' } });
    this.used = el('p', { id: 'data-used', class: 'hint' });
    this.fileStatus = el('div', { id: 'data-file-status', class: 'file-status', attrs: { role: 'status', hidden: true } });
    this.fn = el('input', { id: 'data-fn', class: 'code', attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off' } });
    const grid = el('div', { class: 'field-grid' });
    const numberInput = (id: string, step: number | 'any') => {
      const input = el('input', { id, class: 'number', attrs: { type: 'number', step } });
      input.addEventListener('keydown', (event) => event.key === 'Enter' && this.regenerate());
      return input;
    };
    for (const [key, label, id] of NUMBER_FIELDS) {
      const input = numberInput(id, key === 'n' || key === 'seed' ? 1 : 'any');
      this.numbers.set(key, input);
      const box = field(label, input);
      if (key === 'min' || key === 'max') this.rangeLabels.push(box.querySelector('label')!);
      grid.append(box);
    }
    this.inputs = el('select', { id: 'data-inputs', on: { change: () => this.switchInputs() } }, [
      el('option', { text: 'one: x', attrs: { value: '1' } }),
      el('option', { text: 'two: x1, x2', attrs: { value: '2' } }),
    ]);
    this.min2 = numberInput('data-min2', 'any');
    this.max2 = numberInput('data-max2', 'any');
    this.x2Grid = el('div', { class: 'field-grid', attrs: { hidden: true } }, [field('x2 from', this.min2), field('x2 to', this.max2)]);
    this.fn.addEventListener('keydown', (event) => event.key === 'Enter' && this.regenerate());
    const fnField = field('Function of x', this.fn);
    this.fnLabel = fnField.querySelector('label')!;
    this.error = el('div', { id: 'data-error', class: 'error-text', attrs: { role: 'alert' } });
    this.userCsv = button('Your CSV', {
      id: 'user-csv',
      title: 'Bring back the data you loaded',
      onClick: () => this.playground.restoreUserCsv(),
    });
    this.generator = el('div', { id: 'data-generator', class: 'data-generator' }, [
      field('Inputs', this.inputs),
      fnField,
      grid,
      this.x2Grid,
      el('div', { class: 'button-row' }, [
        button('Regenerate', {
          id: 'regenerate',
          appearance: 'primary',
          title: 'Make the data again from these settings',
          onClick: () => this.regenerate(),
        }),
        button('New seed', { id: 'new-seed', title: 'Regenerate with a random seed', onClick: () => this.newSeed() }),
      ]),
    ]);
    const actions = el('div', { class: 'button-row' }, [
      button("Lesson's data", {
        id: 'lesson-data',
        title: "Back to the lesson's data: the notebook's 20 points (seed 42)",
        onClick: () => this.playground.setGenerator({ ...NOTEBOOK_SETTINGS }),
      }),
      button('Load data…', {
        id: 'load-csv',
        title: 'Use your own x, y data from a CSV or TSV file (or drop one on the panel)',
        onClick: () => this.host.post({ type: 'pickCsv' }),
      }),
      this.userCsv,
    ]);
    const saving = el('div', { class: 'button-row' }, [
      button('Save data as CSV…', { id: 'save-data-csv', title: 'The data set shown, as x,y', onClick: () => this.saveData() }),
      button('Save fit as CSV…', {
        id: 'save-fit-csv',
        title: "The fitted curve: x and the model's prediction",
        onClick: () => this.saveFit(),
      }),
    ]);
    this.savedNote = new SavedNote(host, 'data-saved', [DATA_LABEL, FIT_LABEL]);
    const importView = new ImportView(imports);
    this.element = section('Data', 'section-data', [
      this.summary,
      this.used,
      this.fileStatus,
      importView.element,
      this.generator,
      actions,
      drawControls,
      saving,
      this.savedNote.element,
      this.error,
    ]);
    playground.events.on('data', () => this.show());
    playground.events.on('dataError', (message) => (this.error.textContent = message ?? ''));
    imports.events.on('message', (message) => (this.error.textContent = message?.text ?? ''));
    imports.events.on('fileStatus', () => this.showFileStatus());
  }

  private read(): GeneratorSettings | PlaneSettings {
    const value = (input: HTMLInputElement) => (input.value.trim() === '' ? NaN : Number(input.value.trim()));
    const settings = { fn: this.fn.value.trim() } as GeneratorSettings;
    for (const [key] of NUMBER_FIELDS) settings[key] = value(this.numbers.get(key)!);
    if (this.inputs.value !== '2') return settings;
    return { ...settings, min2: value(this.min2), max2: value(this.max2) };
  }

  /**
   * One input or two: the fields follow; a function that does not fit the new inputs becomes the
   * lesson's (3x² + 2x + 1, or 3·x1² + 2·x2 + 1 with 400 points over [-2, 2]²); then the data is made.
   */
  private switchInputs(): void {
    const two = this.inputs.value === '2';
    this.showInputs(two);
    if (!dataFunctionFits(this.fn.value.trim(), two ? 2 : 1)) this.fn.value = two ? PLANE_DEFAULTS.fn : NOTEBOOK_SETTINGS.fn;
    if (two) {
      if (this.min2.value.trim() === '') this.min2.value = String(PLANE_DEFAULTS.min2);
      if (this.max2.value.trim() === '') this.max2.value = String(PLANE_DEFAULTS.max2);
      const n = this.numbers.get('n')!;
      if (Number(n.value) < PLANE_DEFAULTS.n) n.value = String(PLANE_DEFAULTS.n);
    }
    this.regenerate();
  }

  private showInputs(two: boolean): void {
    this.inputs.value = two ? '2' : '1';
    this.x2Grid.hidden = !two;
    this.fnLabel.textContent = two ? 'Function of x1, x2' : 'Function of x';
    this.rangeLabels[0].textContent = two ? 'x1 from' : 'x from';
    this.rangeLabels[1].textContent = two ? 'x1 to' : 'x to';
  }

  private regenerate(): void {
    this.playground.setGenerator(this.read());
  }

  private newSeed(): void {
    this.numbers.get('seed')!.value = String(Math.floor(Math.random() * 100_000));
    this.regenerate();
  }

  private saveData(): void {
    const { state, data } = this.playground;
    const columns = state.data.kind === 'csv' && state.data.columns ? state.data.columns : { x: 'x', y: 'y' };
    const base = state.data.kind === 'csv' ? fileName(state.data.name.replace(/\.\w+$/, '')) : 'lesson-data';
    this.host.post({ type: 'saveText', name: `${base}.csv`, text: toCsv(data, columns), label: DATA_LABEL });
  }

  private saveFit(): void {
    const { evaluation, params } = this.playground;
    const plane = planeOf(evaluation);
    if (plane) {
      // Two inputs: the prediction at the plane's cells, as x1,x2,y (y the prediction).
      const cells = planePoints(plane.plane);
      const text = toCsv({ ...cells, y: Float64Array.from(plane.planeAt(params)) });
      return this.host.post({ type: 'saveText', name: 'fitted-plane.csv', text, label: 'the fitted plane' });
    }
    const text = toCsv({ x: evaluation.grid, y: Float64Array.from(evaluation.curveAt(params)) }, { x: 'x', y: 'prediction' });
    this.host.post({ type: 'saveText', name: 'fitted-curve.csv', text, label: FIT_LABEL });
  }

  private showFileStatus(): void {
    const status = this.imports.fileStatus;
    const data = this.playground.state.data;
    this.fileStatus.hidden = !status || data.kind !== 'csv';
    if (!status || data.kind !== 'csv') return this.fileStatus.replaceChildren();
    if (status.change === 'changed') {
      this.fileStatus.replaceChildren(
        el('span', { text: `${data.name} changed on disk. ` }),
        button('Reload', {
          id: 'data-reload',
          title: 'Read the file again with the same columns',
          onClick: () => this.host.post({ type: 'readDataFile', path: status.path }),
        }),
      );
    } else {
      this.fileStatus.replaceChildren(el('span', { text: `${data.name} was deleted or moved; the playground keeps the copy it read.` }));
    }
  }

  private show(): void {
    const { state, data } = this.playground;
    this.summary.textContent = describeData(state.data, data.x.length);
    const user = state.data.kind === 'csv' ? state.data : null;
    this.used.textContent = user?.summary ?? '';
    this.used.hidden = !user?.summary;
    // The generator's settings describe generated data only: hidden while the user's data is shown.
    this.generator.hidden = !!user;
    const csv = user ? null : state.userCsv;
    this.userCsv.hidden = !csv;
    if (csv) this.userCsv.textContent = `Back to ${csv.name}`;
    this.error.textContent = '';
    this.showFileStatus();
    const settings: GeneratorSettings & { min2?: number; max2?: number } =
      state.data.kind === 'generator' ? state.data.settings : NOTEBOOK_SETTINGS;
    this.fn.value = settings.fn;
    for (const [key] of NUMBER_FIELDS) this.numbers.get(key)!.value = String(settings[key]);
    const two = isPlane(settings);
    this.showInputs(two);
    // Points are drawn on the curve's chart: data of two inputs shows the plane instead.
    this.drawControls.hidden = inputCount(data) === 2;
    this.min2.value = two ? String(settings.min2) : '';
    this.max2.value = two ? String(settings.max2) : '';
  }
}
