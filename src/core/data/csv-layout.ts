// What a CSV file's first rows say about it: whether the first row is a header, the columns'
// names, which columns hold numbers, and which two columns become x and y (the user's choice by
// name or 0-based index, else the columns named x and y, else the first two numeric ones).
import { formatCount } from '../limits';
import { cellValue, looksNumeric } from './csv-cells';

/** A column by its name in the header, or by its 0-based index (a number, or digits no header name matches). */
export type ColumnChoice = string | number;

export interface CsvColumnInfo {
  index: number;
  name: string;
  /** Most of the first rows have a number here. */
  numeric: boolean;
}

export interface CsvLayout {
  delimiter: string;
  /** "1,5" reads as 1.5 (only in files not separated by commas). */
  decimalComma: boolean;
  header: boolean;
  columns: CsvColumnInfo[];
  /** The first data rows as text, for a preview. */
  previewRows: string[][];
  /** Header names that appear more than once. */
  duplicates: string[];
}

export interface ChosenColumns {
  x: CsvColumnInfo;
  y: CsvColumnInfo;
  /** The second input, for data of two inputs (x1, x2 → y). */
  x2?: CsvColumnInfo;
}

export const PREVIEW_ROWS = 20;

export class CsvError extends Error {}

export const delimiterName = (d: string) =>
  d === '\t' ? 'tab' : d === ';' ? 'semicolon' : d === '|' ? 'bar' : d === ',' ? 'comma' : `"${d}"`;

/** The layout from the first non-blank, non-comment rows (the header, if any, first). */
export function detectLayout(rows: readonly string[][], delimiter: string): CsvLayout {
  const decimalComma = delimiter !== ',';
  const first = rows[0] ?? [];
  const header = first.some((f) => f.trim() !== '') && !first.some((f) => looksNumeric(f, decimalComma));
  const body = header ? rows.slice(1) : rows;
  const count = Math.max(first.length, ...body.map((r) => r.length));
  const names = Array.from({ length: count }, (_, i) => (header ? first[i]?.trim() || `column ${i + 1}` : `column ${i + 1}`));
  const columns = names.map((name, index) => {
    const numbers = body.filter((r) => typeof cellValue(r[index], decimalComma) === 'number').length;
    return { index, name, numeric: numbers > 0 && numbers * 2 >= body.length };
  });
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
  const duplicates = header ? [...seen].filter(([, n]) => n > 1).map(([name]) => name) : [];
  return { delimiter, decimalComma, header, columns, previewRows: body.slice(0, 10).map((r) => r.slice(0, 50)), duplicates };
}

function listNames(layout: CsvLayout): string {
  const names = layout.columns.map((c) => `${c.index}: "${c.name}"`);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}

function byChoice(layout: CsvLayout, choice: ColumnChoice, axis: 'x' | 'y' | 'x2'): CsvColumnInfo {
  const { columns } = layout;
  const text = String(choice).trim();
  const named = columns.filter((c) => c.name === text);
  const matches = named.length ? named : columns.filter((c) => c.name.toLowerCase() === text.toLowerCase());
  if (matches.length > 1) {
    throw new CsvError(
      `the ${axis} column "${text}" is ambiguous: the header has it ${matches.length} times ` +
        `(columns ${matches.map((c) => c.index).join(' and ')}); choose it by number`,
    );
  }
  if (matches.length === 1 && typeof choice !== 'number') return matches[0];
  if (typeof choice === 'number' || /^\d+$/.test(text)) {
    const index = Number(text);
    if (Number.isInteger(index) && index >= 0 && index < columns.length) return columns[index];
    throw new CsvError(`there is no ${axis} column ${text}: the file has ${columns.length} columns, numbered 0 to ${columns.length - 1}`);
  }
  throw new CsvError(`there is no ${axis} column named "${text}"; the columns are ${listNames(layout)}`);
}

/**
 * The x and y columns, or a CsvError saying why they cannot be chosen. Two inputs: when `x2` is
 * chosen, or when nothing is chosen for x and the header names x1 and x2 but no x (then x is x1).
 */
export function chooseColumns(layout: CsvLayout, choice: { x?: ColumnChoice; y?: ColumnChoice; x2?: ColumnChoice }): ChosenColumns {
  const { columns } = layout;
  if (columns.length < 2) {
    throw new CsvError(
      `found 1 column, need at least 2 (separated by commas, semicolons, tabs or |; this file reads as ${delimiterName(layout.delimiter)}-separated)`,
    );
  }
  const named = (name: string) => columns.filter((c) => c.name.trim().toLowerCase() === name);
  const given = (c: ColumnChoice | undefined): c is ColumnChoice => c !== undefined && String(c).trim() !== '';
  const single = (name: string) => (layout.header && named(name).length === 1 ? named(name)[0] : null);
  const namedPair = !given(choice.x) && single('x1') && single('x2') && !named('x').length ? single('x2') : null;
  const x2 = given(choice.x2) ? byChoice(layout, choice.x2, 'x2') : namedPair;
  const pick = (axis: 'x' | 'y', taken: CsvColumnInfo | null, also: CsvColumnInfo | null = null): CsvColumnInfo => {
    const given = choice[axis];
    if (given !== undefined && String(given).trim() !== '') return byChoice(layout, given, axis);
    const byName = layout.header ? named(axis) : [];
    if (byName.length > 1) {
      throw new CsvError(
        `the header names "${byName[0].name}" ${byName.length} times ` +
          `(columns ${byName.map((c) => c.index).join(' and ')}); choose the ${axis} column by number`,
      );
    }
    if (byName.length === 1 && byName[0] !== taken) return byName[0];
    const numeric = columns.filter((c) => c.numeric && c !== taken && c !== also && !(axis === 'x' && named('y').includes(c)));
    if (numeric.length) return numeric[0];
    const count = columns.filter((c) => c.numeric).length;
    throw new CsvError(
      count === 0
        ? `no column holds numbers (columns: ${listNames(layout)})`
        : `only ${formatCount(count)} column holds numbers; need two (columns: ${listNames(layout)})`,
    );
  };
  const x = namedPair && single('x1') ? single('x1')! : pick('x', x2);
  const y = pick('y', x, x2);
  if (x.index === y.index) throw new CsvError(`x and y are the same column (${x.index}: "${x.name}"); choose two different columns`);
  if (!x2) return { x, y };
  if (x2.index === x.index || x2.index === y.index) {
    throw new CsvError(
      `x2 is the same column as ${x2.index === x.index ? 'x' : 'y'} (${x2.index}: "${x2.name}"); choose three different columns`,
    );
  }
  return { x, y, x2 };
}
