// Parses one-input formulas in the syntax people paste from Python or JavaScript
// (`a*x**2 + b*x + c`, `torch.clip(m*x+b, 0.)`, `Math.exp(-x)`) into a small syntax tree.
// Errors never escape as exceptions: parseFormula returns them with a position.

export type Ast =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'name'; name: string; pos: number }
  | { kind: 'unary'; op: '-'; arg: Ast; pos: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '**'; left: Ast; right: Ast; pos: number }
  | { kind: 'call'; fn: string; args: Ast[]; keywords: Record<string, Ast>; keywordPositions: Record<string, number>; pos: number };

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

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i));
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
    fail(i, 'a number, a name, an operator or a parenthesis', `'${ch}'`);
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

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
      const arg = this.unary();
      return op.text === '-' ? { kind: 'unary', op: '-', arg, pos: op.pos } : arg;
    }
    return this.power();
  }

  private power(): Ast {
    const base = this.primary();
    if (this.peek().kind === 'op' && this.peek().text === '**') {
      const op = this.take();
      return { kind: 'binary', op: '**', left: base, right: this.unary(), pos: op.pos };
    }
    return base;
  }

  private primary(): Ast {
    const token = this.take();
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text), pos: token.pos };
    if (token.kind === '(') {
      const inner = this.sum();
      this.expect(')', "')'");
      return inner;
    }
    if (token.kind === 'name') {
      if (this.peek().kind !== '(') return { kind: 'name', name: token.text, pos: token.pos };
      this.take();
      const args: Ast[] = [];
      const keywords: Record<string, Ast> = {};
      const keywordPositions: Record<string, number> = {};
      if (this.peek().kind !== ')') {
        for (;;) {
          const next = this.tokens[this.index + 1];
          if (this.peek().kind === 'name' && next?.kind === '=') {
            const keyToken = this.take();
            const key = keyToken.text;
            keywordPositions[key] = keyToken.pos;
            this.take();
            keywords[key] = this.sum();
          } else {
            if (Object.keys(keywords).length)
              fail(this.peek().pos, 'a keyword argument (positional arguments come first)', describe(this.peek()));
            args.push(this.sum());
          }
          if (this.peek().kind !== ',') break;
          this.take();
        }
      }
      this.expect(')', "',' or ')'");
      return { kind: 'call', fn: token.text, args, keywords, keywordPositions, pos: token.pos };
    }
    return fail(token.pos, "a number, a name or '('", describe(token));
  }

  private expect(kind: TokenKind, expected: string): void {
    if (this.peek().kind !== kind) fail(this.peek().pos, expected, describe(this.peek()));
    this.take();
  }
}

export function parseFormula(text: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(tokenize(text)).parseAll() };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    throw error;
  }
}

export { SyntaxFailure, fail as failAt };
