// Reads the structure the binding scanner needs out of one piece of source (a file or a notebook
// cell): function definitions (Python `def` with a one-line or multi-line body, `lambda`s; JS/TS
// `function`, arrow functions and function expressions), plain assignments, `@interact`
// decorators with the function they decorate, and every call with its exact span.
import { Expr, ExprParser, Local, parameterNames, withLocals, foldJsBlock } from './expr';
import { SourceLanguage, Token, tokenize } from './tokens';

export interface Definition {
  name: string;
  params: string[];
  /** The returned value, wrapped with the body's local definitions. */
  body: Expr;
  /** The body's top-level local definitions (also when it returns nothing). */
  locals: Local[];
  unit: number;
  /** Offset of `def` / `function` / `const`, of the name, and one past the body. */
  start: number;
  nameStart: number;
  end: number;
}

export interface Assignment {
  name: string;
  value: Expr;
  unit: number;
  start: number;
}

export interface Interact {
  decorator: Extract<Expr, { k: 'call' }>;
  def: Definition;
  unit: number;
}

export interface SourceUnit {
  index: number;
  text: string;
  language: SourceLanguage;
  defs: Definition[];
  assignments: Assignment[];
  interacts: Interact[];
  calls: Array<Extract<Expr, { k: 'call' }>>;
}

interface Line {
  from: number;
  to: number;
  indent: number;
}

function firstIndent(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ch === ' ') width++;
    else if (ch === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return width;
}

/** Python logical lines: token ranges between line breaks (and `;`), with their indentation. */
function pythonLines(tokens: Token[], text: string): Line[] {
  const lines: Line[] = [];
  let from = 0;
  let indent = firstIndent(text.slice(text.lastIndexOf('\n', tokens[0].start) + 1));
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth = Math.max(0, depth - 1);
    const semicolon = t.kind === 'op' && t.text === ';' && depth === 0;
    if (t.kind === 'nl' || t.kind === 'end' || semicolon) {
      if (i > from) lines.push({ from, to: i, indent });
      from = i + 1;
      if (t.kind === 'nl') indent = t.indent ?? 0;
      depth = 0;
    }
  }
  return lines;
}

function isName(t: Token | undefined, text?: string): boolean {
  return !!t && t.kind === 'name' && (text === undefined || t.text === text);
}

function isOp(t: Token | undefined, text: string): boolean {
  return !!t && t.kind === 'op' && t.text === text;
}

class PythonReader {
  readonly lines: Line[];
  constructor(
    private readonly tokens: Token[],
    text: string,
    private readonly unit: number,
  ) {
    this.lines = pythonLines(tokens, text);
  }

  private parser(from: number): ExprParser {
    return new ExprParser(this.tokens, 'python', from);
  }

  /** The end of the block that starts after line `at`: the first later line indented no deeper. */
  private blockEnd(at: number): number {
    let end = at + 1;
    while (end < this.lines.length && this.lines[end].indent > this.lines[at].indent) end++;
    return end;
  }

  /** A `def` at line `at`, with the line after its block; null when the line is not one. */
  definition(at: number): { def: Definition; next: number } | null {
    const line = this.lines[at];
    let i = line.from;
    if (isName(this.tokens[i], 'async')) i++;
    if (!isName(this.tokens[i], 'def') || !isName(this.tokens[i + 1])) return null;
    const nameToken = this.tokens[i + 1];
    const parser = this.parser(i + 2);
    const close = parser.matching(i + 2);
    if (close < 0 || close >= line.to) return null;
    const params = parameterNames(this.tokens.slice(i + 3, close));
    let colon = close + 1;
    while (colon < line.to && !isOp(this.tokens[colon], ':')) colon++;
    const next = this.blockEnd(at);
    const bodyLines = colon + 1 < line.to ? [{ from: colon + 1, to: line.to, indent: line.indent + 1 }] : this.lines.slice(at + 1, next);
    const { value, locals } = this.statements(bodyLines);
    const last = bodyLines.length ? bodyLines[bodyLines.length - 1] : line;
    const end = this.tokens[last.to - 1].end;
    const body: Expr = value ? withLocals(value, locals) : { k: 'other', parts: [], start: nameToken.start, end };
    return {
      def: {
        name: nameToken.text,
        params,
        body,
        locals,
        unit: this.unit,
        start: this.tokens[line.from].start,
        nameStart: nameToken.start,
        end,
      },
      next,
    };
  }

  /** A body's top-level statements folded into its returned expression, or null when it returns nothing usable. */
  private statements(lines: Line[]): { value: Expr | null; locals: Local[] } {
    const locals: Local[] = [];
    if (!lines.length) return { value: null, locals };
    const top = lines[0].indent;
    for (const line of lines) {
      if (line.indent !== top) continue;
      const t = this.tokens[line.from];
      if (isName(t, 'return')) return { value: this.parser(line.from + 1).tryParse(), locals };
      if (isName(t, 'def') || isName(t, 'async')) {
        const index = this.lines.indexOf(line);
        const inner = index >= 0 ? this.definition(index) : null;
        if (inner)
          locals.push({
            name: inner.def.name,
            value: { k: 'lambda', params: inner.def.params, body: inner.def.body, start: inner.def.start, end: inner.def.end },
          });
        continue;
      }
      if (isName(t) && isOp(this.tokens[line.from + 1], '=')) {
        const value = this.parser(line.from + 2).tryParse();
        if (value) locals.push({ name: t.text, value });
      }
    }
    return { value: null, locals };
  }

  read(target: SourceUnit): void {
    for (let at = 0; at < this.lines.length; at++) {
      const line = this.lines[at];
      const first = this.tokens[line.from];
      if (isOp(first, '@')) {
        const decorator = this.parser(line.from + 1).tryParse();
        let defAt = at + 1;
        while (defAt < this.lines.length && isOp(this.tokens[this.lines[defAt].from], '@')) defAt++;
        const found = defAt < this.lines.length ? this.definition(defAt) : null;
        if (decorator?.k === 'call' && found && /(^|\.)interact(_manual)?$/.test(decorator.fn.k === 'name' ? decorator.fn.name : '')) {
          target.interacts.push({ decorator, def: found.def, unit: this.unit });
        }
        continue;
      }
      const found = this.definition(at);
      if (found) {
        target.defs.push(found.def);
        continue;
      }
      if (isName(first) && isOp(this.tokens[line.from + 1], '=')) {
        const value = this.parser(line.from + 2).tryParse();
        if (value) {
          if (value.k === 'lambda') target.defs.push(lambdaDefinition(first, value, this.unit, first.start));
          else target.assignments.push({ name: first.text, value, unit: this.unit, start: first.start });
        }
      }
    }
  }
}

function lambdaDefinition(name: Token, value: Extract<Expr, { k: 'lambda' }>, unit: number, start: number): Definition {
  return { name: name.text, params: value.params, body: value.body, locals: [], unit, start, nameStart: name.start, end: value.end };
}

function readJavaScript(tokens: Token[], target: SourceUnit): void {
  const parser = new ExprParser(tokens, 'javascript');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isName(t, 'function') && isName(tokens[i + 1]) && isOp(tokens[i + 2], '(')) {
      const close = parser.matching(i + 2);
      if (close < 0) continue;
      let open = close + 1;
      while (open < tokens.length && !isOp(tokens[open], '{')) open++;
      const end = parser.matching(open);
      if (end < 0) continue;
      const body = foldJsBlock(tokens, open + 1, end, 'javascript');
      if (body) {
        const params = parameterNames(tokens.slice(i + 3, close));
        target.defs.push({
          name: tokens[i + 1].text,
          params,
          body,
          locals: [],
          unit: target.index,
          start: t.start,
          nameStart: tokens[i + 1].start,
          end: tokens[end].end,
        });
      }
      continue;
    }
    if ((isName(t, 'const') || isName(t, 'let') || isName(t, 'var')) && isName(tokens[i + 1])) {
      let eq = i + 2;
      if (isOp(tokens[eq], ':')) while (eq < tokens.length && !isOp(tokens[eq], '=') && tokens[eq].kind !== 'end') eq++;
      if (!isOp(tokens[eq], '=')) continue;
      parser.index = eq + 1;
      const value = parser.tryParse();
      if (!value) continue;
      const name = tokens[i + 1];
      if (value.k === 'lambda') target.defs.push(lambdaDefinition(name, value, target.index, t.start));
      else target.assignments.push({ name: name.text, value, unit: target.index, start: name.start });
    }
  }
}

function collectCalls(tokens: Token[], language: SourceLanguage, target: SourceUnit): void {
  const parser = new ExprParser(tokens, language);
  const seen = new Set<string>();
  const visit = (expr: Expr): void => {
    if (expr.k === 'call') {
      const key = `${expr.start}:${expr.end}`;
      if (!seen.has(key)) {
        seen.add(key);
        target.calls.push(expr);
      }
      visit(expr.fn);
    } else if (expr.k === 'attr') visit(expr.obj);
    else if (expr.k === 'other' && expr.parts.length) expr.parts.forEach(visit);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'name' || (!isOp(tokens[i + 1], '(') && !isOp(tokens[i + 1], '.'))) continue;
    const before = tokens[i - 1];
    if (isOp(before, '.') || isOp(before, '?.') || isName(before, 'def') || isName(before, 'function') || isName(before, 'class')) continue;
    parser.index = i;
    const chain = parser.chain();
    if (chain) visit(chain);
  }
  target.calls.sort((a, b) => a.start - b.start);
}

export function readUnit(text: string, language: SourceLanguage, index = 0): SourceUnit {
  const tokens = tokenize(text, language);
  const unit: SourceUnit = { index, text, language, defs: [], assignments: [], interacts: [], calls: [] };
  if (language === 'python') new PythonReader(tokens, text, index).read(unit);
  else readJavaScript(tokens, unit);
  collectCalls(tokens, language, unit);
  return unit;
}
