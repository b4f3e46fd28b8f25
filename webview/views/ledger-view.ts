// The step ledger, "explain this step": for the step just taken (or, before one, the step that Step
// would take) one row per parameter, value before, gradient, accumulated gradient when the notebook's
// accumulation is on, lr × that, value after. For MAE it shows where each gradient comes from:
// the points above and below the curve (coloured on the fit chart), weighted by ∂ŷ/∂p.
import { LOSS_LABELS } from '../../src/core/eval/loss';
import { batchedMaeBreakdown, maeBreakdown, MaeBreakdown, nextStepRecord, StepLedger, stepLedger } from '../../src/core/insight/ledger';
import { weightFormula } from '../../src/core/insight/weights';
import { learningRate } from '../../src/core/train/sgd';
import { el, formatNumber } from '../ui/dom';
import type { ViewContext } from './context';

/** Rows shown before "and N more" (N ReLUs have many parameters). */
const MAX_ROWS = 12;
/** Above this many points the MAE breakdown comes from the batched evaluator (three passes). */
const BATCHED = 2000;
/** Above this many it is also computed once the moves pause. */
const LARGE = 20_000;

const four = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : String(v));
/** lr × gradient is small: six decimals (−0.013529, −0.000316) unless it is large. */
const small = (v: number) => (Number.isFinite(v) && Math.abs(v) < 1 && Math.abs(v) >= 1e-6 ? v.toFixed(6) : formatNumber(v));

export class LedgerView {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly breakdown: HTMLElement;
  private pending: StepLedger | null = null;
  private last: StepLedger | null = null;
  private open = false;
  private breakdownTimer: ReturnType<typeof setTimeout> | null = null;
  /** What the table was built for, and its rows' cells (rewritten in place). */
  private tableShape = '';
  /** Set by update, cleared by draw. */
  private due = false;
  private breakdownKey = '';
  private cells: { row: HTMLTableRowElement; cells: HTMLTableCellElement[] }[] = [];
  /** The parameters the shown step started from: the fit chart colours the points there. */
  shownBefore: Float64Array | null = null;
  /** The MAE breakdown of the shown step (null for MSE or before it is computed). */
  shownBreakdown: MaeBreakdown | null = null;

  constructor(
    private readonly context: ViewContext,
    private readonly changed: () => void,
  ) {
    this.caption = el('p', { id: 'ledger-caption', class: 'hint' });
    this.table = el('table', { id: 'ledger-table', class: 'ledger' });
    this.breakdown = el('div', { id: 'ledger-breakdown', class: 'ledger-breakdown' });
    this.element = el('section', { class: 'view-panel', attrs: { 'data-view': 'ledger', 'aria-label': 'Step ledger' } }, [
      el('div', { class: 'chart-header' }, [el('h2', { text: 'Step ledger' })]),
      this.caption,
      el('div', { class: 'table-scroll' }, [this.table]),
      this.breakdown,
    ]);
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.element.hidden = !open;
    this.pending = null;
    this.last = null;
    if (open) {
      this.update('load');
      this.draw();
    } else {
      this.shownBefore = null;
      this.shownBreakdown = null;
    }
  }

  /**
   * After every parameter change (cheap: the table is written by `draw`, once a frame): a training
   * chunk of one update that did what was pending is "the step just taken".
   */
  update(source: 'slider' | 'train' | 'reset' | 'load'): void {
    if (!this.open) return;
    const p = this.context.playground;
    const { train, step } = p.state;
    const lr = learningRate(train.lr, train.schedule, step);
    const record = nextStepRecord(step, p.loss, p.params, p.grad, p.state.direction ?? null, train.accumulateGrad, lr);
    const next = stepLedger(record, train.accumulateGrad);
    const pending = this.pending;
    this.last = source === 'train' && pending && step === pending.step + 1 && arrives(pending, p.params) ? pending : null;
    this.pending = next;
    this.due = true;
  }

  /** Writes what the latest update found, if anything changed since the last draw. */
  draw(): void {
    if (!this.open || !this.due) return;
    this.due = false;
    const shown = this.last ?? this.pending;
    if (shown) this.show(shown, this.last !== null);
  }

  /** Shows again (a theme, size, loss or rate change): the step just taken stays; a next step is recomputed. */
  redraw(): void {
    if (!this.open) return;
    if (this.last) this.show(this.last, true);
    else {
      this.pending = null;
      this.update('load');
      this.draw();
    }
  }

  private show(ledger: StepLedger, taken: boolean): void {
    const by = ledger.accumulateGrad ? 'lr × the accumulated gradient' : 'lr × its gradient';
    let caption = taken
      ? `Step ${ledger.step} → ${ledger.step + 1}, the step just taken: each parameter moved by minus ${by} (lr = ${formatNumber(ledger.lr)}).`
      : `Next step, ${ledger.step} → ${ledger.step + 1}: what Step will do. Each parameter moves by minus ${by} (lr = ${formatNumber(ledger.lr)}).`;
    if (ledger.accumulateGrad)
      caption += ' As in the notebook, the gradient is never zeroed: each step adds the new gradient to the sum so far.';
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
    this.fillTable(ledger);
    this.shownBefore = Float64Array.from(ledger.rows, (r) => r.before);
    this.explain(ledger);
  }

  /** The table: built again only when its shape changes (the names, accumulation, the row count); otherwise only changed cells are written. */
  private fillTable(ledger: StepLedger): void {
    const names = this.context.names;
    const label = LOSS_LABELS[this.context.loss];
    const head = ['', 'before', `∂${label}/∂p`, ...(ledger.accumulateGrad ? ['accumulated'] : []), 'lr × step', 'after'];
    const shown = ledger.rows.slice(0, MAX_ROWS);
    const shape = [...head, ...names.slice(0, shown.length), String(ledger.rows.length)].join('\u0000');
    if (shape !== this.tableShape) {
      this.tableShape = shape;
      this.cells = shown.map((_, i) => ({
        row: el('tr', { attrs: { 'data-param': names[i] } }),
        // Each cell names its column too: a narrow panel shows the rows as labelled lists (app.css).
        cells: head
          .slice(1)
          .map((label, c) => el('td', { class: c === head.length - 2 ? 'ledger-after' : undefined, attrs: { 'data-label': label } })),
      }));
      for (const [i, { row, cells }] of this.cells.entries())
        row.append(el('th', { class: 'code', text: names[i], attrs: { scope: 'row' } }), ...cells);
      const more =
        ledger.rows.length > MAX_ROWS
          ? [el('tr', {}, [el('td', { text: `… and ${ledger.rows.length - MAX_ROWS} more parameters`, attrs: { colspan: head.length } })])]
          : [];
      this.table.replaceChildren(
        el('thead', {}, [
          el(
            'tr',
            {},
            head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
          ),
        ]),
        el('tbody', {}, [...this.cells.map((c) => c.row), ...more]),
      );
    }
    shown.forEach((r, i) => {
      const { row, cells } = this.cells[i];
      const texts = [four(r.before), four(r.grad), ...(ledger.accumulateGrad ? [four(r.direction)] : []), small(r.change), four(r.after)];
      texts.forEach((text, c) => cells[c].textContent !== text && (cells[c].textContent = text));
      row.dataset.after = String(r.after);
      row.dataset.grad = String(r.grad);
      row.dataset.direction = String(r.direction);
    });
  }

  /** Where MAE's gradient comes from, at the values the step started from. */
  private explain(ledger: StepLedger): void {
    if (this.breakdownTimer !== null) clearTimeout(this.breakdownTimer);
    this.breakdownTimer = null;
    const { context } = this;
    if (context.loss !== 'mae') {
      this.shownBreakdown = null;
      this.breakdownKey = '';
      this.breakdown.replaceChildren(
        el('p', {
          class: 'hint',
          text: 'With MSE each point adds 2(ŷ − y)/N × ∂ŷ/∂p to a gradient: hover a point on the fit chart to see its share.',
        }),
      );
      this.changed();
      return;
    }
    const before = Float64Array.from(ledger.rows, (r) => r.before);
    const compute = () => {
      this.breakdownTimer = null;
      const { x, y } = context.data;
      const b = x.length > BATCHED ? batchedMaeBreakdown(context.evaluator(), before, y) : maeBreakdown(context.program, before, x, y);
      this.shownBreakdown = b;
      this.renderBreakdown(b);
      this.changed();
    };
    if (context.data.x.length > LARGE) this.breakdownTimer = setTimeout(compute, 120);
    else compute();
  }

  private renderBreakdown(b: MaeBreakdown): void {
    const { context } = this;
    const names = context.names;
    const program = context.program;
    // Unchanged (a move of a parameter the signs do not depend on, a redraw): nothing to write.
    const key = [b.n, b.above, b.below, b.on, ...names, ...b.params.flatMap((q) => [q.sumBelow, q.sumAbove])].join('|');
    if (key === this.breakdownKey && this.breakdown.childElementCount > 0) return;
    this.breakdownKey = key;
    const lines: HTMLElement[] = [
      el('p', { class: 'ledger-sides' }, [
        el('span', { class: 'swatch above', attrs: { 'aria-hidden': 'true' } }),
        `${b.above} points above the curve (ŷ < y: raising ŷ lowers their error), `,
        el('span', { class: 'swatch below', attrs: { 'aria-hidden': 'true' } }),
        `${b.below} below it (ŷ > y)${b.on ? `, ${b.on} on it` : ''}. Each point adds ±∂ŷ/∂p ÷ N: + below, − above.`,
      ]),
    ];
    const weightOf = new Map<number, string | null>();
    program.params.forEach((spec, s) => {
      if (spec.size === 1) weightOf.set(spec.offset, weightFormula(program, s));
    });
    b.params.slice(0, MAX_ROWS).forEach((part, i) => {
      const w = weightOf.get(i) ?? null;
      const name = names[i];
      const n = b.n;
      const slope = w ?? `∂ŷ/∂${name}`;
      const text =
        w === '1'
          ? `∂MAE/∂${name} = (below − above)/N = (${b.below} − ${b.above})/${n} = ${four(part.grad)}`
          : `∂MAE/∂${name} = (Σ ${slope} below − Σ ${slope} above)/N = ` +
            `(${formatNumber(part.sumBelow)} − ${formatNumber(part.sumAbove)})/${n} = ${four(part.grad)}`;
      lines.push(el('p', { class: 'code ledger-formula', text, attrs: { 'data-param': name, 'data-grad': part.grad } }));
    });
    lines.push(
      el('p', {
        class: 'hint',
        text: 'Hover a point on the fit chart to see what it adds to each gradient; click it for its computation graph.',
      }),
    );
    this.breakdown.replaceChildren(...lines);
  }
}

/** Whether the parameters are (to float32 rounding, for the GPU backends) where `ledger` said they would go. */
function arrives(ledger: StepLedger, params: Float64Array): boolean {
  return (
    ledger.rows.length === params.length &&
    ledger.rows.every((r, i) => Math.abs(r.after - params[i]) <= 1e-5 * Math.max(1, Math.abs(r.after)))
  );
}
