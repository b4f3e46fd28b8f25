// One CSV cell as a number for training, or the reason it is not one: text, empty, or a number
// that is not finite (NaN, Infinity, 1e999). Nothing but a finite float64 ever comes out.

export type CellProblem = 'text' | 'empty' | 'notFinite' | 'missing';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** The cell's value, or why it has none. `decimalComma`: "1,5" means 1.5 (files not separated by commas). */
export function cellValue(raw: string | undefined, decimalComma: boolean): number | CellProblem {
  if (raw === undefined) return 'missing';
  let s = raw.trim();
  // A quoted field after spaces ( "2") reaches us with its quotes.
  if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) s = s.slice(1, -1).trim();
  if (s === '') return 'empty';
  let value: number;
  if (NUMBER.test(s)) value = Number(s);
  else if (decimalComma && DECIMAL_COMMA.test(s)) value = Number(s.replace(',', '.'));
  else return NON_FINITE.test(s) ? 'notFinite' : 'text';
  return Number.isFinite(value) ? value : 'notFinite';
}

/** Whether a cell reads as a number of any kind (used to tell a header row from data). */
export function looksNumeric(raw: string | undefined, decimalComma: boolean): boolean {
  const v = cellValue(raw, decimalComma);
  return typeof v === 'number' || v === 'notFinite';
}
