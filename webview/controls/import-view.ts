// The data file on its way in: a preview of the first rows with the x and y columns to pick (and
// an optional x2 column, for data of two inputs), and
// Load/Cancel, then a progress bar (shown once a load takes longer than 200 ms) with Cancel.
import { delimiterName } from '../../src/core/data/csv-layout';
import { formatBytes } from '../../src/core/limits';
import type { DataImport, ImportPhase } from '../data/data-import';
import { el } from '../ui/dom';
import { button } from '../ui/toolkit';

/** A load shorter than this shows no progress bar. */
export const PROGRESS_DELAY_MS = 200;
const PREVIEW_ROWS_SHOWN = 5;
const PREVIEW_COLUMNS_SHOWN = 8;

/** The preview's mark on a column: the one picked as x (x1 with an x2), y or x2. */
function columnClass(index: number, phase: Extract<ImportPhase, { kind: 'preview' }>): string {
  if (index === phase.x) return phase.x2 === null ? 'is-x' : 'is-x1';
  if (index === phase.y) return 'is-y';
  return index === phase.x2 ? 'is-x2' : '';
}

export class ImportView {
  readonly element: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly imports: DataImport) {
    this.element = el('div', { id: 'data-import', class: 'data-import', attrs: { hidden: true } });
    imports.events.on('phase', (phase) => this.show(phase));
  }

  private show(phase: ImportPhase): void {
    if (this.timer !== null && phase.kind !== 'loading') {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (phase.kind === 'idle') {
      this.element.hidden = true;
      this.element.replaceChildren();
      return;
    }
    if (phase.kind === 'preview') return this.preview(phase);
    this.progress(phase);
  }

  private select(axis: 'x' | 'y' | 'x2', phase: Extract<ImportPhase, { kind: 'preview' }>): HTMLSelectElement {
    const select = el('select', { id: `import-${axis}`, attrs: { 'aria-label': `${axis} column` } });
    if (axis === 'x2') {
      const none = el('option', { text: 'none (one input)', attrs: { value: '' } });
      none.selected = phase.x2 === null;
      select.append(none);
    }
    for (const column of phase.layout.columns) {
      const option = el('option', { text: `${column.name}${column.numeric ? '' : ' (text)'}`, attrs: { value: column.index } });
      option.selected = column.index === phase[axis];
      select.append(option);
    }
    select.addEventListener('change', () => this.imports.choose(axis, select.value === '' ? null : Number(select.value)));
    return select;
  }

  private preview(phase: Extract<ImportPhase, { kind: 'preview' }>): void {
    const { layout, file } = phase;
    const shown = layout.columns.slice(0, PREVIEW_COLUMNS_SHOWN);
    const head = el(
      'tr',
      {},
      shown.map((c) =>
        el('th', {
          text: c.name,
          class: columnClass(c.index, phase),
          attrs: { scope: 'col' },
        }),
      ),
    );
    const rows = layout.previewRows.slice(0, PREVIEW_ROWS_SHOWN).map((row) =>
      el(
        'tr',
        {},
        shown.map((c) => el('td', { text: row[c.index] ?? '', class: columnClass(c.index, phase) })),
      ),
    );
    const more = layout.columns.length > shown.length ? ` (first ${shown.length} of ${layout.columns.length} columns shown)` : '';
    const facts = [
      `${file.name} · ${formatBytes(file.bytes.length)}`,
      `${delimiterName(layout.delimiter)}-separated${layout.decimalComma ? ', decimal commas read' : ''}`,
      layout.header ? 'header row' : 'no header row',
    ].join(' · ');
    const duplicate = layout.duplicates.length
      ? `The header repeats ${layout.duplicates.map((d) => `"${d}"`).join(', ')}: the columns are told apart by position.`
      : '';
    this.element.hidden = false;
    this.element.replaceChildren(
      el('p', { class: 'summary', id: 'import-facts', text: facts + more }),
      el('div', { class: 'preview-scroll' }, [
        el('table', { class: 'preview', id: 'import-preview' }, [el('thead', {}, [head]), el('tbody', {}, rows)]),
      ]),
      el('div', { class: 'field-grid' }, [
        el('div', { class: 'field' }, [el('label', { text: 'x column', attrs: { for: 'import-x' } }), this.select('x', phase)]),
        el('div', { class: 'field' }, [el('label', { text: 'y column', attrs: { for: 'import-y' } }), this.select('y', phase)]),
        el('div', { class: 'field' }, [
          el('label', { text: 'x2 column (second input)', attrs: { for: 'import-x2' } }),
          this.select('x2', phase),
        ]),
      ]),
      el('p', { class: 'hint', text: duplicate, attrs: { hidden: !duplicate } }),
      el('div', { id: 'import-problem', class: 'error-text', text: phase.problem ?? '', attrs: { role: 'alert' } }),
      el('div', { class: 'button-row' }, [
        button('Load', {
          id: 'import-load',
          appearance: 'primary',
          title: 'Read the whole file with these columns',
          onClick: () => this.imports.confirm(),
        }),
        button('Cancel', { id: 'import-cancel', title: 'Keep the data you have', onClick: () => this.imports.cancel() }),
      ]),
    );
    if (phase.problem) this.element.querySelector('#import-load')?.setAttribute('disabled', '');
    // A file from "Load Data" or a drop: its preview is what to look at next, even in a folded Data section.
    const section = this.element.closest('details');
    if (section) section.open = true;
    this.element.scrollIntoView?.({ block: 'nearest' });
  }

  private progress(phase: Extract<ImportPhase, { kind: 'loading' }>): void {
    let bar = this.element.querySelector<HTMLProgressElement>('#import-progress');
    if (!bar) {
      bar = el('progress', { id: 'import-progress', attrs: { max: 1, value: 0, 'aria-label': `Reading ${phase.file.name}` } });
      this.element.replaceChildren(
        el('p', { class: 'summary', id: 'import-status', text: `Reading ${phase.file.name}…` }),
        bar,
        el('div', { class: 'button-row' }, [
          button('Cancel', { id: 'import-cancel', title: 'Stop reading; keep the data you have', onClick: () => this.imports.cancel() }),
        ]),
      );
      this.element.hidden = true;
      const wait = PROGRESS_DELAY_MS - (performance.now() - phase.started);
      this.timer = setTimeout(
        () => {
          this.timer = null;
          if (this.imports.phase.kind === 'loading') this.element.hidden = false;
        },
        Math.max(0, wait),
      );
    }
    bar.value = phase.total > 0 ? phase.done / phase.total : 0;
    const status = this.element.querySelector('#import-status');
    if (status)
      status.textContent = phase.preparing
        ? `Read ${phase.file.name} (${formatBytes(phase.total)}); preparing the model on its points…`
        : `Reading ${phase.file.name}… ${formatBytes(phase.done)} of ${formatBytes(phase.total)}`;
  }
}
