// Learners' own (x, y) data: a forgiving CSV reader that still refuses anything it cannot plot.
import type { Dataset } from './generate';

/** `x2Column` is set when the header names two inputs, x1 and x2 (then `data.x2` holds the second). */
export type CsvResult =
  { ok: true; data: Dataset; xColumn: string; yColumn: string; x2Column?: string; skipped: number } | { ok: false; error: string };

interface Row {
  line: number;
  fields: string[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;

/** Tab if the first data line has one, else semicolon, else comma (text inside quotes ignored). */
function detectDelimiter(text: string): string {
  const lineBreak = /\r\n|\n|\r/g;
  let start = 0;
  while (start < text.length) {
    const m = lineBreak.exec(text);
    const end = m ? m.index : text.length;
    const line = text.slice(start, end).trim();
    start = m ? end + m[0].length : text.length;
    if (line === '' || line.startsWith('#')) continue;
    const bare = line.replace(/"(?:[^"]|"")*"/g, '');
    if (bare.includes('\t')) return '\t';
    if (bare.includes(';')) return ';';
    return ',';
  }
  return ',';
}

function isLineEnd(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

function countLineBreaks(s: string): number {
  return (s.match(/\r\n|\n|\r/g) ?? []).length;
}

/** RFC 4180 records with their starting line numbers; comment lines and blank lines are dropped. */
function tokenize(text: string, delim: string): { rows: Row[]; skipped: number } | { error: string } {
  const rows: Row[] = [];
  const n = text.length;
  let skipped = 0;
  let i = 0;
  let line = 1;
  const isSpace = (c: string | undefined) => c === ' ' || (c === '\t' && delim !== '\t');
  while (i < n) {
    let j = i;
    while (isSpace(text[j])) j++;
    if (j >= n || isLineEnd(text[j]) || text[j] === '#') {
      while (j < n && !isLineEnd(text[j])) j++;
      i = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
      line++;
      skipped++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      j = i;
      while (isSpace(text[j])) j++;
      if (text[j] === '"') {
        let value = '';
        j++;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) return { error: `line ${startLine}: a quoted field is never closed` };
          value += text.slice(j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        line += countLineBreaks(value);
        while (isSpace(text[j])) j++;
        if (j < n && text[j] !== delim && !isLineEnd(text[j])) {
          return { error: `line ${line}: unexpected text after a closing quote` };
        }
        fields.push(value);
      } else {
        while (j < n && text[j] !== delim && !isLineEnd(text[j])) j++;
        fields.push(text.slice(i, j).trim());
      }
      i = j;
      if (text[i] === delim) {
        i++;
        continue;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    if (fields.every((f) => f.trim() === '')) skipped++;
    else rows.push({ line: startLine, fields });
  }
  return { rows, skipped };
}

function looksNumeric(field: string): boolean {
  const s = field.trim();
  return NUMBER.test(s) || NON_FINITE.test(s) || DECIMAL_COMMA.test(s);
}

export function parseCsv(text: string): CsvResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delim = detectDelimiter(text);
  const tokens = tokenize(text, delim);
  if ('error' in tokens) return { ok: false, error: tokens.error };
  const { rows, skipped } = tokens;
  if (rows.length === 0) return { ok: false, error: 'The file has no data rows.' };

  const first = rows[0];
  // A header only when neither leading cell looks numeric: a row like `1,abc` is data, so its bad cell gets reported.
  const hasHeader = !first.fields.slice(0, 2).some(looksNumeric);
  let xi = 0;
  let yi = 1;
  let x2i = -1;
  let names = ['x', 'y'];
  if (hasHeader) {
    names = first.fields.map((f, k) => f.trim() || `column ${k + 1}`);
    const lower = names.map((f) => f.toLowerCase());
    if (lower.includes('x') && lower.includes('y')) {
      xi = lower.indexOf('x');
      yi = lower.indexOf('y');
    } else if (lower.includes('x1') && lower.includes('x2') && lower.includes('y')) {
      xi = lower.indexOf('x1');
      x2i = lower.indexOf('x2');
      yi = lower.indexOf('y');
    }
  }
  if (first.fields.length < 2) {
    return { ok: false, error: `line ${first.line}: found 1 column, need at least 2 (separated by commas, semicolons or tabs)` };
  }
  const label = (col: number) => (hasHeader ? `column "${names[col]}"` : `column ${col + 1}`);

  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length < 2) return { ok: false, error: `Need at least 2 data rows, found ${body.length}.` };
  const x = new Float64Array(body.length);
  const y = new Float64Array(body.length);
  const x2 = x2i >= 0 ? new Float64Array(body.length) : undefined;
  const need = Math.max(xi, yi, x2i) + 1;
  const cell = (row: Row, col: number): number | string => {
    const raw = row.fields[col];
    let s = raw.trim();
    if (delim === ';' && DECIMAL_COMMA.test(s)) s = s.replace(',', '.');
    const numeric = NUMBER.test(s);
    const value = numeric ? Number(s) : NaN;
    if (Number.isFinite(value)) return value;
    const what = numeric || NON_FINITE.test(s) ? 'is not a finite number' : 'is not a number';
    return `line ${row.line}, ${label(col)}: "${raw}" ${what}`;
  };
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    if (row.fields.length < need) {
      return { ok: false, error: `line ${row.line}: found ${row.fields.length} column(s), need at least ${need}` };
    }
    const xv = cell(row, xi);
    if (typeof xv === 'string') return { ok: false, error: xv };
    const yv = cell(row, yi);
    if (typeof yv === 'string') return { ok: false, error: yv };
    x[r] = xv;
    y[r] = yv;
    if (x2) {
      const x2v = cell(row, x2i);
      if (typeof x2v === 'string') return { ok: false, error: x2v };
      x2[r] = x2v;
    }
  }
  if (x2) return { ok: true, data: { x, x2, y }, xColumn: names[xi], x2Column: names[x2i], yColumn: names[yi], skipped };
  return { ok: true, data: { x, y }, xColumn: names[xi], yColumn: names[yi], skipped };
}

function quote(name: string): string {
  return /[",;\t\r\n]/.test(name) || name !== name.trim() ? `"${name.replace(/"/g, '""')}"` : name;
}

/** Comma-separated with a header; numbers written in shortest round-trip form, so parseCsv(toCsv(d)) == d. */
export function toCsv(data: Dataset, columns: { x: string; y: string } = { x: 'x', y: 'y' }): string {
  if (data.x.length !== data.y.length) throw new RangeError(`x has ${data.x.length} values but y has ${data.y.length}`);
  const lines = [`${quote(columns.x)},${quote(columns.y)}`];
  for (let i = 0; i < data.x.length; i++) lines.push(`${data.x[i]},${data.y[i]}`);
  return lines.join('\n') + '\n';
}
