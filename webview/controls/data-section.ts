// The Data section: what is loaded and, for a file, what was used and skipped; the lesson's
// generator settings with Regenerate (only while generated data is shown: they do not apply to a
// file); the lesson's own data in one click; drawing points by hand (draw-points.ts); loading a
// data file (with its preview and progress, see import-view.ts); a changed or vanished file; and
// saving the data or the fitted curve as CSV.
import { toCsv } from '../../src/core/data/csv';
import { GeneratorSettings, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
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
  private readonly error: HTMLElement;
  private readonly userCsv: HTMLElement;

  constructor(
    private readonly playground: Playground,
    private readonly host: Host,
    private readonly imports: DataImport,
    drawControls: HTMLElement,
  ) {
    this.summary = el('p', { id: 'data-summary', class: 'summary', attrs: { 'aria-live': 'polite' } });
    this.used = el('p', { id: 'data-used', class: 'hint' });
    this.fileStatus = el('div', { id: 'data-file-status', class: 'file-status', attrs: { role: 'status', hidden: true } });
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
      title: 'Bring back the data you loaded',
      onClick: () => this.playground.restoreUserCsv(),
    });
    this.generator = el('div', { id: 'data-generator', class: 'data-generator' }, [
      field('Function of x', this.fn),
      grid,
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

  private saveData(): void {
    const { state, data } = this.playground;
    const columns = state.data.kind === 'csv' && state.data.columns ? state.data.columns : { x: 'x', y: 'y' };
    const base = state.data.kind === 'csv' ? fileName(state.data.name.replace(/\.\w+$/, '')) : 'lesson-data';
    this.host.post({ type: 'saveText', name: `${base}.csv`, text: toCsv(data, columns), label: DATA_LABEL });
  }

  private saveFit(): void {
    const { evaluation, params } = this.playground;
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
    const settings = state.data.kind === 'generator' ? state.data.settings : NOTEBOOK_SETTINGS;
    this.fn.value = settings.fn;
    for (const [key] of NUMBER_FIELDS) this.numbers.get(key)!.value = String(settings[key]);
  }
}
