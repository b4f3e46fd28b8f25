// A tolerant expression parser over scanner tokens (Python or JavaScript/TypeScript): enough of
// both languages to see calls, arguments, arithmetic, lambdas and arrow functions, with each
// node's exact source span. What it does not model (strings, subscripts, comprehensions,
// conditionals, comparisons…) becomes an `other` node, so a statement around a model call still
// parses and the call is still found.
import type { SourceLanguage, Token } from './tokens';

interface Span {
  start: number;
  end: number;
}

export interface Arg extends Span {
  /** Keyword name (`a=1.1`), or undefined for a positional argument. */
  name?: string;
  /** `*abc` / `...abc` (1) or `**kwargs` (2). */
  star?: 1 | 2;
  value: Expr;
}

export type Expr =
  | ({ k: 'num'; text: string } & Span)
  | ({ k: 'name'; name: string } & Span)
  | ({ k: 'unary'; op: string; arg: Expr } & Span)
  | ({ k: 'bin'; op: string; left: Expr; right: Expr } & Span)
  | ({ k: 'call'; fn: Expr; args: Arg[] } & Span)
  | ({ k: 'attr'; obj: Expr; name: string } & Span)
  | ({ k: 'list'; items: Expr[] } & Span)
  | ({ k: 'lambda'; params: string[]; body: Expr } & Span)
  /** A function body's local definitions (`y = m*x+b`) and its returned expression. */
  | ({ k: 'let'; locals: Local[]; body: Expr } & Span)
  | ({ k: 'other'; parts: Expr[] } & Span);

export interface Local {
  name: string;
  value: Expr;
}

class Stop extends Error {}

const BINARY: Record<string, number> = {
  or: 1,
  '||': 1,
  '??': 1,
  and: 2,
  '&&': 2,
  '<': 4,
  '>': 4,
  '==': 4,
  '!=': 4,
  '<=': 4,
  '>=': 4,
  '===': 4,
  '!==': 4,
  in: 4,
  is: 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '<<': 8,
  '>>': 8,
  '>>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '//': 10,
  '%': 10,
  '@': 10,
  '**': 12,
};
const UNARY_PREC = 11;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export class ExprParser {
  index: number;
  constructor(
    readonly tokens: Token[],
    readonly language: SourceLanguage,
    start = 0,
  ) {
    this.index = start;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'op' || t.kind === 'name') && t.text === text;
  }

  private expect(text: string): Token {
    if (!this.is(text)) throw new Stop();
    return this.take();
  }

  /** Index of the token closing the bracket at `open`, or -1. */
  matching(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.kind !== 'op') continue;
      if (t.text in CLOSERS) depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }

  /** One expression from the current token, or null (the position is then unchanged). */
  tryParse(): Expr | null {
    const saved = this.index;
    try {
      return this.expression();
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      this.index = saved;
      return null;
    }
  }

  /** A name or bracket with its calls, attributes and subscripts (no operators), or null. */
  chain(): Expr | null {
    const saved = this.index;
    try {
      return this.postfix(this.primary());
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      this.index = saved;
      return null;
    }
  }

  expression(): Expr {
    const value = this.binary(0);
    if (this.language === 'python' && this.is('if') && this.peek().kind === 'name') {
      this.take();
      const condition = this.binary(0);
      this.expect('else');
      const otherwise = this.expression();
      return { k: 'other', parts: [value, condition, otherwise], start: value.start, end: otherwise.end };
    }
    if (this.language === 'javascript' && this.is('?')) {
      this.take();
      const yes = this.expression();
      this.expect(':');
      const no = this.expression();
      return { k: 'other', parts: [value, yes, no], start: value.start, end: no.end };
    }
    return value;
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' && t.kind !== 'name') return left;
      let op = t.text;
      if (t.kind === 'name' && !['and', 'or', 'in', 'is', 'not'].includes(op)) return left;
      if (op === 'not') {
        if (!this.is('in', 1)) return left;
        op = 'in';
      }
      const prec = Object.prototype.hasOwnProperty.call(BINARY, op) ? BINARY[op] : undefined;
      if (prec === undefined || prec <= minPrec) return left;
      this.take();
      if (t.text === 'not' || (op === 'is' && this.is('not'))) this.take();
      // ** is right-associative and takes a unary operand on its right: 2**-1.
      const right = op === '**' ? this.binary(UNARY_PREC) : this.binary(prec);
      left = { k: 'bin', op, left, right, start: left.start, end: right.end };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (
      (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!')) ||
      (t.kind === 'name' && t.text === 'not')
    ) {
      this.take();
      const arg = t.text === 'not' ? this.binary(3) : this.binary(UNARY_PREC);
      return { k: 'unary', op: t.text, arg, start: t.start, end: arg.end };
    }
    if (t.kind === 'name' && (t.text === 'await' || t.text === 'new' || t.text === 'typeof')) {
      this.take();
      const arg = this.unary();
      return { k: 'other', parts: [arg], start: t.start, end: arg.end };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.take();
      return { k: 'num', text: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'str') {
      this.take();
      let end = t.end;
      while (this.peek().kind === 'str') end = this.take().end;
      return { k: 'other', parts: [], start: t.start, end };
    }
    if (t.kind === 'name') {
      if (this.language === 'python' && t.text === 'lambda') return this.pythonLambda();
      if (this.language === 'javascript' && this.is('=>', 1)) {
        this.take();
        return this.arrowBody([t.text], t.start);
      }
      if (this.language === 'javascript' && t.text === 'function') return this.functionExpression();
      this.take();
      return { k: 'name', name: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'op' && t.text === '(') {
      if (this.language === 'javascript') {
        const arrow = this.arrowFunction();
        if (arrow) return arrow;
      }
      this.take();
      if (this.is(')')) {
        const close = this.take();
        return { k: 'list', items: [], start: t.start, end: close.end };
      }
      const items = this.items(')');
      const close = this.expect(')');
      if (items.length === 1 && !items.trailingComma) return { ...items[0] };
      return { k: 'list', items, start: t.start, end: close.end };
    }
    if (t.kind === 'op' && t.text === '[') {
      this.take();
      const items = this.is(']') ? [] : this.items(']');
      const close = this.expect(']');
      return { k: 'list', items, start: t.start, end: close.end };
    }
    if (t.kind === 'op' && t.text === '{') return this.skipped();
    throw new Stop();
  }

  /** A bracketed group the parser does not model, skipped whole. */
  private skipped(): Expr {
    const open = this.index;
    const close = this.matching(open);
    if (close < 0) throw new Stop();
    this.index = close + 1;
    return { k: 'other', parts: [], start: this.tokens[open].start, end: this.tokens[close].end };
  }

  private items(closer: string): Expr[] & { trailingComma?: boolean } {
    const items: Expr[] & { trailingComma?: boolean } = [];
    for (;;) {
      if (this.is('*') || this.is('...')) {
        const star = this.take();
        const value = this.binary(0);
        items.push({ k: 'other', parts: [value], start: star.start, end: value.end });
      } else items.push(this.expression());
      if (this.is('for')) {
        // A comprehension: skip to the closing bracket.
        while (!this.is(closer) && this.peek().kind !== 'end') {
          if (this.peek().kind === 'op' && this.peek().text in CLOSERS) this.skipped();
          else this.take();
        }
        const whole: Expr = { k: 'other', parts: [...items], start: items[0].start, end: this.peek().start };
        items.splice(0, items.length, whole);
        return items;
      }
      if (!this.is(',')) return items;
      this.take();
      if (this.is(closer)) {
        items.trailingComma = true;
        return items;
      }
    }
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return expr;
      if (t.text === '(') expr = this.call(expr);
      else if (t.text === '[') {
        const index = this.skipped();
        expr = { k: 'other', parts: [expr], start: expr.start, end: index.end };
      } else if ((t.text === '.' || t.text === '?.') && this.peek(1).kind === 'name') {
        this.take();
        const name = this.take();
        expr =
          expr.k === 'name'
            ? { k: 'name', name: `${expr.name}.${name.text}`, start: expr.start, end: name.end }
            : { k: 'attr', obj: expr, name: name.text, start: expr.start, end: name.end };
      } else if (this.language === 'javascript' && t.text === '!' && !this.is('=', 1)) {
        this.take(); // TypeScript's non-null assertion
      } else return expr;
    }
  }

  private call(fn: Expr): Expr {
    this.expect('(');
    const args: Arg[] = [];
    while (!this.is(')')) {
      const first = this.peek();
      let arg: Arg;
      if (this.is('*') || this.is('**') || this.is('...')) {
        this.take();
        const value = this.expression();
        arg = { star: first.text === '**' ? 2 : 1, value, start: first.start, end: value.end };
      } else if (this.language === 'python' && first.kind === 'name' && this.is('=', 1)) {
        this.take();
        this.take();
        const value = this.expression();
        arg = { name: first.text, value, start: first.start, end: value.end };
      } else {
        const value = this.expression();
        arg = { value, start: value.start, end: value.end };
      }
      args.push(arg);
      if (this.is('for')) {
        // A generator expression as the only argument.
        while (!this.is(')') && this.peek().kind !== 'end') {
          if (this.peek().kind === 'op' && this.peek().text in CLOSERS) this.skipped();
          else this.take();
        }
        args[args.length - 1] = {
          value: { k: 'other', parts: [arg.value], start: arg.start, end: this.peek().start },
          start: arg.start,
          end: this.peek().start,
        };
        break;
      }
      if (!this.is(',')) break;
      this.take();
    }
    const close = this.expect(')');
    return { k: 'call', fn, args, start: fn.start, end: close.end };
  }

  private pythonLambda(): Expr {
    const start = this.take().start;
    const params: string[] = [];
    while (!this.is(':')) {
      const t = this.take();
      if (t.kind === 'name') params.push(t.text);
      else if (t.kind === 'op' && t.text === '=') this.binary(0);
      else if (!(t.kind === 'op' && t.text === ',')) throw new Stop();
    }
    this.take();
    const body = this.expression();
    return { k: 'lambda', params, body, start, end: body.end };
  }

  /** `(a, b: number): number => …` when the parenthesis opens an arrow function, else null. */
  private arrowFunction(): Expr | null {
    const open = this.index;
    const close = this.matching(open);
    if (close < 0) return null;
    let after = close + 1;
    if (this.tokens[after]?.text === ':') {
      while (after < this.tokens.length && this.tokens[after].text !== '=>' && this.tokens[after].kind !== 'end') after++;
    }
    if (this.tokens[after]?.text !== '=>') return null;
    const params = parameterNames(this.tokens.slice(open + 1, close));
    this.index = after + 1;
    return this.arrowBody(params, this.tokens[open].start);
  }

  private arrowBody(params: string[], start: number): Expr {
    if (this.is('=>')) this.take();
    if (this.is('{')) {
      const body = this.blockReturn();
      return { k: 'lambda', params, body, start, end: this.tokens[this.index - 1].end };
    }
    const body = this.expression();
    return { k: 'lambda', params, body, start, end: body.end };
  }

  private functionExpression(): Expr {
    const start = this.take().start;
    if (this.peek().kind === 'name') this.take();
    const open = this.index;
    const close = this.matching(open);
    if (close < 0 || !this.is('(')) throw new Stop();
    const params = parameterNames(this.tokens.slice(open + 1, close));
    this.index = close + 1;
    while (!this.is('{') && this.peek().kind !== 'end') this.take();
    const body = this.blockReturn();
    return { k: 'lambda', params, body, start, end: this.tokens[this.index - 1].end };
  }

  /** A `{ … }` body: its statements folded into one expression (see foldJsBlock), the parser after the `}`. */
  private blockReturn(): Expr {
    const open = this.index;
    const close = this.matching(open);
    if (close < 0) throw new Stop();
    const body = foldJsBlock(this.tokens, open + 1, close, this.language);
    this.index = close + 1;
    return body ?? { k: 'other', parts: [], start: this.tokens[open].start, end: this.tokens[close].end };
  }
}

/** Parameter names from the tokens between a function's parentheses (types and defaults skipped). */
export function parameterNames(tokens: Token[]): string[] {
  const names: string[] = [];
  let depth = 0;
  let expectName = true;
  for (const t of tokens) {
    if (t.kind === 'op' && t.text in CLOSERS) depth++;
    else if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) depth--;
    else if (depth === 0 && t.kind === 'op' && t.text === ',') expectName = true;
    else if (depth === 0 && expectName && t.kind === 'name' && t.text !== 'self') {
      names.push(t.text);
      expectName = false;
    } else if (depth === 0 && expectName && t.kind === 'op' && (t.text === '*' || t.text === '/' || t.text === '**' || t.text === '...')) {
      continue;
    } else if (depth === 0) expectName = false;
  }
  return names;
}

/**
 * The statements of a JavaScript block, `const y = e1; return e2`, as one expression: the return
 * value with each local name replaced by its definition, so `y` in e2 means e1. Null when the
 * block has no return at its top level.
 */
export function foldJsBlock(tokens: Token[], from: number, to: number, language: SourceLanguage): Expr | null {
  const locals: Local[] = [];
  const parser = new ExprParser(
    tokens.slice(0, to).concat([{ kind: 'end', text: '', start: tokens[to].start, end: tokens[to].start }]),
    language,
    from,
  );
  while (parser.index < to) {
    const t = parser.peek();
    if (t.kind === 'end') break;
    if (t.kind === 'name' && (t.text === 'const' || t.text === 'let' || t.text === 'var') && parser.peek(1).kind === 'name') {
      const name = parser.peek(1).text;
      parser.index += 2;
      if (parser.peek().text === ':') while (parser.peek().text !== '=' && parser.index < to) parser.index++;
      if (parser.peek().text !== '=') continue;
      parser.index++;
      const value = parser.tryParse();
      if (value) locals.push({ name, value });
      continue;
    }
    if (t.kind === 'name' && t.text === 'return') {
      parser.index++;
      const value = parser.tryParse();
      return value ? withLocals(value, locals) : null;
    }
    if (t.kind === 'op' && t.text === '{') {
      const close = parser.matching(parser.index);
      parser.index = close < 0 ? to : close + 1;
      continue;
    }
    parser.index++;
  }
  return null;
}

/** `body` evaluated after the local definitions `locals` (none: `body` itself). */
export function withLocals(body: Expr, locals: Local[]): Expr {
  return locals.length ? { k: 'let', locals, body, start: body.start, end: body.end } : body;
}
