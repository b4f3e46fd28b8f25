// The Model section: preset picker, the editable formula with inline errors, the number of ReLUs
// for vector models, and one slider row per scalar parameter (grouped by unit for N ReLUs).
import type { FormulaError } from '../../src/core/formula/parse';
import { LIMITS } from '../../src/core/limits';
import type { Playground } from '../app/playground';
import { isPresetId } from '../app/model';
import { defaultRange } from '../app/ranges';
import { ownValue } from '../../src/core/own-record';
import { el, field, formatNumber, section } from '../ui/dom';
import { ParamRow } from './param-row';
import { LayerEditor } from '../layers/layer-editor';

const PRESET_LABELS: [string, string][] = [
  ['quadratic', 'Quadratic: a·x² + b·x + c'],
  ['relu', 'ReLU: max(m·x + b, 0)'],
  ['doubleRelu', 'Double ReLU'],
  ['nRelus', 'N ReLUs'],
  ['layers', 'Layers: a neural network'],
  ['custom', 'Custom formula'],
];

/** Units shown open by default up to this many; more start collapsed. */
const OPEN_UNITS = 4;

export class ModelSection {
  readonly element: HTMLDetailsElement;
  private readonly preset: HTMLSelectElement;
  private readonly formula: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly unitsField: HTMLElement;
  private readonly units: HTMLInputElement;
  private readonly unitsError: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly formulaField: HTMLElement;
  private readonly sliderHint: HTMLElement;
  private readonly layers: LayerEditor;
  private paramRows: ParamRow[] = [];
  /** For N ReLUs: the unit groups, so closed ones are not updated. */
  private groups: { details: HTMLDetailsElement; summary: HTMLElement; rows: number[] }[] = [];
  private refreshedAt = -Infinity;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly playground: Playground) {
    this.preset = el(
      'select',
      { id: 'model-preset', on: { change: () => this.choosePreset() } },
      PRESET_LABELS.map(([value, label]) => el('option', { text: label, attrs: { value } })),
    );
    this.formula = el('input', {
      id: 'formula',
      class: 'code',
      attrs: {
        type: 'text',
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': 'formula-error',
        'aria-label': 'Model formula of x',
      },
      on: { input: () => this.playground.setFormula(this.formula.value) },
    });
    this.error = el('div', { id: 'formula-error', class: 'formula-error', attrs: { role: 'alert', hidden: true } });
    this.units = el('input', {
      id: 'units',
      class: 'number',
      attrs: { type: 'number', min: 1, max: LIMITS.units, step: 1 },
      on: { change: () => this.setUnits() },
    });
    this.unitsError = el('div', { class: 'error-text', attrs: { role: 'alert' } });
    this.unitsField = el('div', { class: 'units-field' }, [field('Number of ReLUs', this.units), this.unitsError]);
    this.rows = el('div', { class: 'param-rows', attrs: { role: 'group', 'aria-label': 'Parameters' } });
    this.formulaField = field('Formula (Python or JavaScript syntax, x is the input)', this.formula);
    this.sliderHint = el('p', {
      class: 'hint',
      text:
        'Beside each slider: the gradient of the loss, as autograd prints it, and an arrow for the way the parameter ' +
        'should move to lower the loss (minus the gradient). A longer bar is a steeper slope.',
    });
    this.layers = new LayerEditor(playground);
    this.element = section('Model', 'section-model', [
      field('Preset', this.preset),
      this.formulaField,
      this.error,
      this.unitsField,
      this.layers.element,
      this.rows,
      this.sliderHint,
    ]);
    playground.events.on('structure', () => this.rebuild());
    playground.events.on('params', (change) => (change.source === 'train' ? this.refreshSoon() : this.refresh(false)));
    playground.events.on('running', (running) => !running && this.refresh(false));
    playground.events.on('formulaError', (problem) => this.showError(problem));
  }

  private choosePreset(): void {
    const value = this.preset.value;
    if (value === 'custom' || isPresetId(value)) this.playground.choosePreset(value);
  }

  private setUnits(): void {
    const problem = this.playground.setUnits(Number(this.units.value));
    this.unitsError.textContent = problem ?? '';
    this.units.toggleAttribute('aria-invalid', problem !== null);
  }

  private rebuild(): void {
    const { state, model } = this.playground;
    this.preset.value = state.model.preset;
    // A network ("Layers") is edited by its layers, its weights shown as heat maps: no formula, no sliders.
    const network = model.network !== null;
    this.formulaField.hidden = this.sliderHint.hidden = network;
    this.layers.element.hidden = !network;
    if (network) this.layers.render();
    if (document.activeElement !== this.formula || this.formula.value.trim() === '') this.formula.value = state.model.formula;
    const inputs = state.model.inputs === 2 ? 'x1 and x2 are the inputs' : 'x is the input';
    this.formulaField.querySelector('label')!.textContent = `Formula (Python or JavaScript syntax, ${inputs})`;
    this.formula.setAttribute('aria-label', `Model formula of ${state.model.inputs === 2 ? 'x1 and x2' : 'x'}`);
    const units = this.playground.units();
    this.unitsField.hidden = units === null;
    if (units !== null) this.units.value = String(units);
    this.unitsError.textContent = '';
    this.paramRows = (network ? [] : model.names).map(
      (name, index) =>
        new ParamRow(name, {
          setValue: (value, inputTime) => this.playground.setParam(index, value, inputTime),
          setRange: (range) => this.playground.setRange(name, range),
        }),
    );
    this.rows.replaceChildren();
    this.groups = [];
    if (units === null) {
      this.rows.append(...this.paramRows.map((row) => row.element));
    } else {
      this.appendUnits(units);
    }
    this.refresh(false);
  }

  /** N ReLUs: scalar parameters first, then one collapsible row per unit with its vector parameters. */
  private appendUnits(units: number): void {
    const names = this.playground.model.names;
    const unitOf = (name: string) => /\[(\d+)\]$/.exec(name);
    names.forEach((name, i) => unitOf(name) === null && this.rows.append(this.paramRows[i].element));
    for (let unit = 0; unit < units; unit++) {
      const members = names.flatMap((name, i) => (unitOf(name)?.[1] === String(unit) ? [i] : []));
      const summary = el('summary', { text: `ReLU ${unit + 1}` });
      const details = el('details', { class: 'unit' }, [summary, ...members.map((i) => this.paramRows[i].element)]);
      details.open = units <= OPEN_UNITS;
      details.addEventListener('toggle', () => details.open && this.refresh(false));
      this.groups.push({ details, summary, rows: members });
      this.rows.append(details);
    }
  }

  /**
   * While training, the rows follow at most ten times a second: with 64 ReLUs a refresh per chunk
   * (192 rows and 64 unit summaries) restyled the page every frame and held the redraw rate down.
   */
  private refreshSoon(): void {
    if (!this.playground.running) {
      if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
      this.refresh(false);
      return;
    }
    if (this.refreshTimer !== null) return;
    const wait = Math.max(0, this.refreshedAt + 100 - performance.now());
    if (wait === 0) this.refresh(true);
    else
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        this.refresh(this.playground.running);
      }, wait);
  }

  /** Updates the rows; while training, closed unit rows are skipped. */
  private refresh(training: boolean): void {
    this.refreshedAt = performance.now();
    const { params, grad, state, model } = this.playground;
    let scale = 0;
    for (let i = 0; i < grad.length; i++) if (Number.isFinite(grad[i])) scale = Math.max(scale, Math.abs(grad[i]));
    const hidden = new Set<number>();
    if (training) for (const group of this.groups) if (!group.details.open) group.rows.forEach((i) => hidden.add(i));
    const exact = this.playground.fitsExactly();
    this.paramRows.forEach((row, i) => {
      if (hidden.has(i)) return;
      row.update(params[i], ownValue(state.ranges, model.names[i]) ?? defaultRange(params[i]), grad[i], scale, exact);
    });
    this.groups.forEach((group, unit) => {
      const values = group.rows.map((i) => `${model.names[i].replace(/\[\d+\]$/, '')} ${formatNumber(params[i])}`).join(', ');
      group.summary.textContent = `ReLU ${unit + 1} · ${values}`;
    });
  }

  private showError(problem: { error: FormulaError; text: string } | null): void {
    this.formula.toggleAttribute('aria-invalid', problem !== null);
    this.error.hidden = problem === null;
    this.error.replaceChildren();
    if (!problem) return;
    const { error, text } = problem;
    const at = Math.min(Math.max(0, error.position), text.length);
    this.error.append(
      el('div', { class: 'error-text', text: error.message }),
      el('code', { class: 'error-line', attrs: { 'aria-hidden': 'true' } }, [
        text.slice(0, at),
        el('mark', { text: text.slice(at, at + 1) || ' ' }),
        text.slice(at + 1),
      ]),
      el('div', { class: 'hint', text: 'The last valid model keeps running until the formula is fixed.' }),
    );
  }
}
