// Parses one-input formulas in the syntax people paste from Python or JavaScript
// (`a*x**2 + b*x + c`, `torch.clip(m*x+b, 0.)`, `Math.exp(-x)`) into a small syntax tree.
// Errors never escape as exceptions: parseFormula returns them with a position. Limits (length,
// nesting depth, literals that overflow to ±Infinity) are errors with a position too.
import { LIMITS } from '../limits';

const FORMULA_MAX_CHARS = LIMITS.formulaChars;
const FORMULA_MAX_DEPTH = LIMITS.formulaDepth;

export type Ast =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'name'; name: string; pos: number }
  | { kind: 'unary'; op: '-'; arg: Ast; pos: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '**'; left: Ast; right: Ast; pos: number }
  | { kind: 'call'; fn: string; args: Ast[]; keywords: KeywordArgument[]; pos: number };

/** `name=value` in a call, in the order written; the parser refuses a name given twice. */
export interface KeywordArgument {
  name: string;
  value: Ast;
  pos: number;
}

export interface FormulaError {
  message: string;
  /** 0-based character offset into the formula text. */
  position: number;
  expected: string;
}

export type ParseResult = { ok: true; ast: Ast } | { ok: false; error: FormulaError };

type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | '=' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

class SyntaxFailure {
  constructor(readonly error: FormulaError) {}
}

function fail(position: number, expected: string, found: string): never {
  throw new SyntaxFailure({ message: `Expected ${expected} at position ${position + 1}, found ${found}`, position, expected });
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the formula' : `'${token.text}'`;
}

// Sticky (matched at lastIndex), so tokenizing is linear in the formula's length.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/y;

function matchAt(pattern: RegExp, text: string, i: number): RegExpExecArray | null {
  pattern.lastIndex = i;
  return pattern.exec(text);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = matchAt(NUMBER, text, i);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const name = matchAt(NAME, text, i);
    if (name) {
      tokens.push({ kind: 'name', text: name[0].replace(/\s+/g, ''), pos: i });
      i += name[0].length;
      continue;
    }
    if (text.startsWith('**', i)) {
      tokens.push({ kind: 'op', text: '**', pos: i });
      i += 2;
      continue;
    }
    if ('+-*/^'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch === '^' ? '**' : ch, pos: i });
      i++;
      continue;
    }
    if ('(),='.includes(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, pos: i });
      i++;
      continue;
    }
    fail(i, 'a number, a name, an operator or a parenthesis', `'${String.fromCodePoint(text.codePointAt(i)!)}'`);
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Runs `parse` one nesting level deeper, refusing to go past FORMULA_MAX_DEPTH. */
  private nested<T>(pos: number, parse: () => T): T {
    if (this.depth >= FORMULA_MAX_DEPTH) fail(pos, `at most ${FORMULA_MAX_DEPTH} levels of nesting`, 'deeper nesting');
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private take(): Token {
    return this.tokens[this.index++];
  }

  parseAll(): Ast {
    if (this.peek().kind === 'end') fail(this.peek().pos, 'an expression', 'an empty formula');
    const ast = this.sum();
    if (this.peek().kind !== 'end') fail(this.peek().pos, 'an operator or the end of the formula', describe(this.peek()));
    return ast;
  }

  private sum(): Ast {
    let left = this.product();
    while (this.peek().kind === 'op' && (this.peek().text === '+' || this.peek().text === '-')) {
      const op = this.take();
      left = { kind: 'binary', op: op.text as '+' | '-', left, right: this.product(), pos: op.pos };
    }
    return left;
  }

  private product(): Ast {
    let left = this.unary();
    while (this.peek().kind === 'op' && (this.peek().text === '*' || this.peek().text === '/')) {
      const op = this.take();
      left = { kind: 'binary', op: op.text as '*' | '/', left, right: this.unary(), pos: op.pos };
    }
    return left;
  }

  // As in Python, unary minus binds looser than the power: -x**2 is -(x**2).
  private unary(): Ast {
    if (this.peek().kind === 'op' && (this.peek().text === '-' || this.peek().text === '+')) {
      const op = this.take();
      const arg = this.nested(op.pos, () => this.unary());
      return op.text === '-' ? { kind: 'unary', op: '-', arg, pos: op.pos } : arg;
    }
    return this.power();
  }

  private power(): Ast {
    const base = this.primary();
    if (this.peek().kind === 'op' && this.peek().text === '**') {
      const op = this.take();
      return { kind: 'binary', op: '**', left: base, right: this.nested(op.pos, () => this.unary()), pos: op.pos };
    }
    return base;
  }

  private primary(): Ast {
    const token = this.take();
    if (token.kind === 'number') {
      const value = Number(token.text);
      if (!Number.isFinite(value)) fail(token.pos, 'a number below 1.8e308 (the largest double)', `'${shorten(token.text)}'`);
      return { kind: 'number', value, pos: token.pos };
    }
    if (token.kind === '(') {
      const inner = this.nested(token.pos, () => this.sum());
      this.expect(')', "')'");
      return inner;
    }
    if (token.kind === 'name') {
      if (this.peek().kind !== '(') return { kind: 'name', name: token.text, pos: token.pos };
      this.take();
      return this.nested(token.pos, () => this.callArguments(token));
    }
    return fail(token.pos, "a number, a name or '('", describe(token));
  }

  private callArguments(fn: Token): Ast {
    const args: Ast[] = [];
    const keywords: KeywordArgument[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        const next = this.tokens[this.index + 1];
        if (this.peek().kind === 'name' && next?.kind === '=') {
          const keyToken = this.take();
          if (keywords.some((k) => k.name === keyToken.text))
            fail(keyToken.pos, `each keyword argument once (${keyToken.text}= is given twice)`, `'${keyToken.text}='`);
          this.take();
          keywords.push({ name: keyToken.text, value: this.sum(), pos: keyToken.pos });
        } else {
          if (keywords.length) fail(this.peek().pos, 'a keyword argument (positional arguments come first)', describe(this.peek()));
          args.push(this.sum());
        }
        if (this.peek().kind !== ',') break;
        this.take();
      }
    }
    this.expect(')', "',' or ')'");
    return { kind: 'call', fn: fn.text, args, keywords, pos: fn.pos };
  }

  private expect(kind: TokenKind, expected: string): void {
    if (this.peek().kind !== kind) fail(this.peek().pos, expected, describe(this.peek()));
    this.take();
  }
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 20)}…` : text;
}

export function parseFormula(text: string): ParseResult {
  if (text.length > FORMULA_MAX_CHARS) {
    const message =
      `The formula is ${text.length} characters long; at most ${FORMULA_MAX_CHARS} are allowed ` +
      `(position ${FORMULA_MAX_CHARS + 1} is past the limit)`;
    return { ok: false, error: { message, position: FORMULA_MAX_CHARS, expected: `at most ${FORMULA_MAX_CHARS} characters` } };
  }
  try {
    return { ok: true, ast: new Parser(tokenize(text)).parseAll() };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    throw error;
  }
}

export { SyntaxFailure, fail as failAt };
