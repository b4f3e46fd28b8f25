// Splits Python or JavaScript/TypeScript source into tokens with exact character offsets, for the
// binding scanner. Comments vanish, strings become one opaque token (so a call written inside a
// string or a comment is never found), and in Python a line break outside brackets ends a
// logical line (a `nl` token carrying the next line's indentation).

export type SourceLanguage = 'python' | 'javascript';

export type TokenKind = 'num' | 'name' | 'str' | 'op' | 'nl' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the first character, and one past the last. */
  start: number;
  end: number;
  /** For `nl`: the indentation (tabs count 8) of the logical line that follows. */
  indent?: number;
}

const OPERATORS = [
  '>>>=',
  '===',
  '!==',
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '>>>',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '->',
  '=>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ':=',
  '<<',
  '>>',
  '&&',
  '||',
  '??',
  '?.',
];

const NUMBER = /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJn]?/y;
const NAME = /[A-Za-z_$\p{L}][\w$\p{L}\p{N}]*/uy;

function indentAt(text: string, lineStart: number): number {
  let width = 0;
  for (let i = lineStart; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') width++;
    else if (ch === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (ch === '\f') width = 0;
    else break;
  }
  return width;
}

/** The end of a string starting at `start` (quote or prefix), or text.length when unterminated. */
function stringEnd(text: string, start: number, language: SourceLanguage): number {
  let i = start;
  if (language === 'python') while (/[rRbBuUfF]/.test(text[i])) i++;
  const quote = text[i];
  const raw = language === 'python' && /[rR]/.test(text.slice(start, i));
  const triple = language === 'python' && text.startsWith(quote.repeat(3), i);
  const closer = triple ? quote.repeat(3) : quote;
  i += closer.length;
  let braces = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && !raw) {
      i += 2;
      continue;
    }
    if (quote === '`') {
      if (ch === '$' && text[i + 1] === '{') {
        braces++;
        i += 2;
        continue;
      }
      if (braces > 0 && ch === '}') {
        braces--;
        i++;
        continue;
      }
    }
    if (braces === 0 && text.startsWith(closer, i)) return i + closer.length;
    if (!triple && quote !== '`' && (ch === '\n' || ch === '\r')) return i;
    i++;
  }
  return text.length;
}

export function tokenize(text: string, language: SourceLanguage): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const python = language === 'python';
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, text: text.slice(start, end), start, end });
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') {
      const start = i;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (python && depth === 0) {
        const last = tokens[tokens.length - 1];
        if (last && last.kind !== 'nl') tokens.push({ kind: 'nl', text: '\n', start, end: i, indent: indentAt(text, i) });
        else if (last) last.indent = indentAt(text, i);
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v') {
      i++;
      continue;
    }
    if (ch === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (python && ch === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (!python && ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (!python && ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    const quoteAt = python ? /^[rRbBuUfF]{0,2}['"]/.exec(text.slice(i, i + 3)) : /^['"`]/.exec(ch);
    if (quoteAt) {
      const end = stringEnd(text, i, language);
      push('str', i, end);
      i = end;
      continue;
    }
    if (/\d/.test(ch) || (ch === '.' && /\d/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      const end = match ? i + match[0].length : i + 1;
      push('num', i, end);
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      push('name', i, i + name[0].length);
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i)) ?? ch;
    if ('([{'.includes(op)) depth++;
    else if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    push('op', i, i + op.length);
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** The value of a decimal number token, or null for hex, octal, binary, imaginary or BigInt literals. */
export function decimalValue(text: string): number | null {
  if (/^0[xXoObB]/.test(text) || /[jJn]$/.test(text)) return null;
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? value : null;
}
