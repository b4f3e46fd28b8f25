// The binding scanner: finds the places in Python, notebook-cell or JavaScript/TypeScript source
// whose numbers can drive the playground's sliders, each with its model formula and the exact
// character range of every literal that a slider writes back to.
//   call      quad(3, 2, 1, x), mk_quad(3, 2, 1), partial(rectified_linear, 1, 1)
//   interact  @interact(a=1.1, b=1.1, c=1.1) over a function that plots or returns a model
//   tensor    abc = torch.tensor([1.1, 1.1, 1.1]) used as mk_quad(*abc) or quad_mae(abc)
//   plot      def f(x): return 3*x**2 + 2*x + 1 (no parameters: "Plot")
import { compileFormula } from '../formula/compile';
import type { Arg, Expr } from './expr';
import { Definition, readUnit, SourceUnit } from './source';
import { Evaluator, Formula, freeNames, nameValue, printFormula, Value } from './symbolic';
import { ExprParser } from './expr';
import { decimalValue, SourceLanguage, tokenize } from './tokens';

export type BindingKind = 'call' | 'interact' | 'tensor' | 'plot';

export interface LiteralSpan {
  start: number;
  end: number;
  text: string;
}

export interface BoundParam {
  /** The parameter's name in the formula (the source's own name unless it clashes). */
  name: string;
  value: number;
  /** The literal the slider writes to; null for a computed argument (`a0*2`), shown but never written. */
  literal: LiteralSpan | null;
  /** The argument's source text. */
  source: string;
}

export interface Binding {
  kind: BindingKind;
  /** Which unit (notebook cell) it is in; 0 for a plain file. */
  unit: number;
  /** Span of the construct (the call, the decorator, the assignment, the def), offsets in its unit. */
  start: number;
  end: number;
  /** 0-based line of `start` in its unit. */
  line: number;
  /** The model function's name (the decorated function's for `interact`, the variable for `tensor`). */
  callee: string;
  /** Short source text for the panel: `quad(3, 2, 1, 1.5)`. */
  label: string;
  /** The model in the formula language, in terms of x and the parameters. */
  formula: string;
  /** In the formula's parameter order. */
  params: BoundParam[];
  /** Structural identity, for finding the same binding again after an edit. */
  key: string;
}

type Call = Extract<Expr, { k: 'call' }>;

const RESERVED = new Set(['x', 'e', 'pi', 'E', 'PI']);
/** Calls that make a tensor (or an array) of start values from a list of numbers. */
const TENSOR_MAKERS = new Set([
  ...['torch.tensor', 'torch.Tensor', 'torch.as_tensor', 'tensor', 'tf.constant', 'tf.Variable'],
  ...['np.array', 'numpy.array', 'np.asarray', 'jnp.array', 'Float64Array.from', 'Float32Array.from'],
]);

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '\r' && text[i + 1] !== '\n') line++;
  }
  return line;
}

/** The literal an argument is, with its sign (`-1.5`, `+1.`), or null. */
function literalOf(value: Expr, text: string): LiteralSpan | null {
  const num = value.k === 'unary' && (value.op === '-' || value.op === '+') && value.arg.k === 'num' ? value.arg : value;
  if (num.k !== 'num' || decimalValue(num.text) === null) return null;
  return { start: value.start, end: num.end, text: text.slice(value.start, num.end) };
}

export function literalValue(text: string): number | null {
  const compact = text.replace(/\s+/g, '');
  const match = /^([+-]?)(.*)$/.exec(compact)!;
  const v = decimalValue(match[2]);
  return v === null || !/^[\d.]/.test(match[2]) ? null : match[1] === '-' ? -v : v;
}

/** A name the formula language reads as a parameter: the source's own where it can. */
function formulaName(name: string, index: number, taken: Set<string>): string {
  let candidate = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `p${index}`;
  while (taken.has(candidate)) candidate += '_';
  taken.add(candidate);
  return candidate;
}

class Scanner {
  private readonly units: SourceUnit[];
  private readonly defs: Definition[];

  constructor(texts: string[], language: SourceLanguage) {
    this.units = texts.map((text, i) => readUnit(text, language, i));
    this.defs = this.units.flatMap((u) => u.defs);
  }

  /** The definition of `name` that a use at (unit, offset) sees: the last one before it, else the first after. */
  private lookupAt(unit: number, offset: number) {
    return (name: string): Definition | undefined => {
      let before: Definition | undefined;
      let after: Definition | undefined;
      for (const def of this.defs) {
        if (def.name !== name) continue;
        if (def.unit < unit || (def.unit === unit && def.start <= offset)) before = def;
        else after ??= def;
      }
      return before ?? after;
    };
  }

  private evaluator(unit: number, offset: number): Evaluator {
    return new Evaluator(this.lookupAt(unit, offset));
  }

  /**
   * The model a function makes from slider parameters: either it returns a function of one input
   * (mk_quad(a, b, c)), so every parameter is a slider, or it returns an expression, whose input is
   * the parameter named x (else `inputHint`, else the last one).
   */
  private modelOf(
    fn: Extract<Value, { t: 'fn' }>,
    inputHint: number | null,
  ): { sliders: number[]; formula: (names: string[]) => Formula | null } | null {
    const probe = fn.apply(fn.params.map((p) => nameValue(p)));
    if (!probe) return null;
    if (probe.t === 'fn') {
      if (probe.params.length !== 1) return null;
      return {
        sliders: fn.params.map((_, i) => i),
        formula: (names) => {
          const inner = fn.apply(names.map(nameValue));
          const out = inner?.t === 'fn' ? inner.apply([nameValue('x')]) : null;
          return out?.t === 'expr' ? out.f : null;
        },
      };
    }
    const named = fn.params.indexOf('x');
    const input = named >= 0 ? named : (inputHint ?? fn.params.length - 1);
    if (input < 0) return null;
    const sliders = fn.params.map((_, i) => i).filter((i) => i !== input);
    return {
      sliders,
      formula: (names) => {
        const args = fn.params.map((_, i) => (i === input ? nameValue('x') : nameValue(names[sliders.indexOf(i)])));
        const out = fn.apply(args);
        return out?.t === 'expr' ? out.f : null;
      },
    };
  }

  private finish(
    base: Omit<Binding, 'formula' | 'params' | 'key' | 'line'>,
    formula: Formula | null,
    params: BoundParam[],
    needLiteral = true,
  ): Binding | null {
    if (!formula) return null;
    const text = printFormula(formula);
    const compiled = compileFormula(text);
    if (!compiled.ok) return null;
    const byName = new Map(params.map((p) => [p.name, p]));
    const ordered: BoundParam[] = [];
    for (const p of compiled.program.params) {
      const bound = byName.get(p.name);
      if (!bound || p.size !== 1) return null;
      ordered.push(bound);
    }
    if (needLiteral && !ordered.some((p) => p.literal)) return null;
    if (!freeNames(formula).includes('x') && base.kind !== 'plot') return null;
    const unitText = this.units[base.unit].text;
    return {
      ...base,
      line: lineOf(unitText, base.start),
      formula: text,
      params: ordered,
      key: `${base.kind}:${base.callee}:${ordered.map((p) => p.name).join(',')}`,
    };
  }

  private param(name: string, index: number, taken: Set<string>, arg: Expr, text: string): BoundParam {
    const literal = literalOf(arg, text);
    return {
      name: formulaName(name, index, taken),
      value: literal ? (literalValue(literal.text) ?? 1) : 1,
      literal,
      source: text.slice(arg.start, arg.end),
    };
  }

  /** quad(3, 2, 1, x), mk_quad(3, 2, 1), partial(rectified_linear, 1, 1). */
  private callBinding(unit: SourceUnit, call: Call): Binding | null {
    if (call.fn.k !== 'name') return null;
    const isPartial = call.fn.name === 'partial' || call.fn.name === 'functools.partial';
    const target = isPartial ? call.args[0]?.value : call.fn;
    if (!target || target.k !== 'name') return null;
    const def = this.lookupAt(unit.index, call.start)(target.name);
    if (!def) return null;
    const args: Arg[] = isPartial ? call.args.slice(1) : call.args;
    if (args.some((a) => a.star) || args.length > def.params.length) return null;
    const slots: Array<Expr | undefined> = def.params.map(() => undefined);
    let position = 0;
    for (const arg of args) {
      const index = arg.name === undefined ? position++ : def.params.indexOf(arg.name);
      if (index < 0 || slots[index]) return null;
      slots[index] = arg.value;
    }
    const fn = this.evaluator(unit.index, call.start).functionOf(def) as Extract<Value, { t: 'fn' }>;
    let inputHint: number | null = null;
    if (isPartial) {
      const free = slots.map((s, i) => (s ? -1 : i)).filter((i) => i >= 0);
      if (free.length !== 1) return null;
      inputHint = free[0];
    } else {
      const computed = slots.map((s, i) => (s && !literalOf(s, unit.text) ? i : -1)).filter((i) => i >= 0);
      if (computed.length === 1) inputHint = computed[0];
    }
    const model = this.modelOf(fn, inputHint);
    if (!model) return null;
    if (isPartial && model.sliders.some((i) => !slots[i])) return null;
    if (model.sliders.some((i) => !slots[i])) return null;
    const taken = new Set<string>();
    const params = model.sliders.map((i, n) => this.param(def.params[i], n, taken, slots[i]!, unit.text));
    return this.finish(
      { kind: 'call', unit: unit.index, start: call.start, end: call.end, callee: def.name, label: unit.text.slice(call.start, call.end) },
      model.formula(params.map((p) => p.name)),
      params,
    );
  }

  /** @interact(a=1.1, b=1.1, c=1.1) over `def plot_quad(a, b, c): … mk_quad(a, b, c) …`. */
  private interactBinding(unit: SourceUnit, decorator: Call, def: Definition): Binding | null {
    const taken = new Set<string>();
    const params: BoundParam[] = [];
    const names = new Map<string, string>();
    for (const arg of decorator.args) {
      if (arg.name === undefined || arg.star) continue;
      const param = this.param(arg.name, params.length, taken, arg.value, unit.text);
      names.set(arg.name, param.name);
      params.push(param);
    }
    const evaluator = this.evaluator(unit.index, def.start);
    const env = new Map<string, Value>(
      def.params.map((p) => [p, names.has(p) ? nameValue(names.get(p)!) : nameValue(`__free_${p}`)] as const),
    );
    for (const local of def.locals) {
      const value = evaluator.evaluate(local.value, env);
      if (value) env.set(local.name, value);
    }
    const asModel = (value: Value | null): Formula | null => {
      if (value?.t === 'fn' && value.params.length === 1) {
        const out = value.apply([nameValue('x')]);
        return out?.t === 'expr' ? out.f : null;
      }
      return value?.t === 'expr' && freeNames(value.f).includes('x') && compileFormula(printFormula(value.f)).ok ? value.f : null;
    };
    const candidates: Expr[] = [def.body];
    for (const call of unit.calls) {
      if (call.start < def.start || call.end > def.end) continue;
      candidates.push(call, ...call.args.map((a) => a.value));
    }
    for (const candidate of candidates) {
      const formula = asModel(evaluator.evaluate(candidate, env));
      if (!formula) continue;
      const found = this.finish(
        {
          kind: 'interact',
          unit: unit.index,
          start: decorator.start - 1,
          end: decorator.end,
          callee: def.name,
          label: `@${unit.text.slice(decorator.start, decorator.end)}`,
        },
        formula,
        params,
      );
      if (found) return found;
    }
    return null;
  }

  /** The model a function applies to a list it is given: `def quad_mae(params): f = mk_quad(*params)`. */
  private starredModel(
    unit: number,
    def: Definition | undefined,
    param: number,
    size: number,
    depth = 0,
  ): { def: Definition; model: NonNullable<ReturnType<Scanner['modelOf']>> } | null {
    if (!def || depth > 4) return null;
    const name = def.params[param];
    for (const inner of this.units[def.unit].calls) {
      if (inner.start < def.start || inner.end > def.end || inner.fn.k !== 'name') continue;
      const starred =
        inner.args.length === 1 && inner.args[0].star === 1 && inner.args[0].value.k === 'name' && inner.args[0].value.name === name;
      if (starred) {
        const found = this.spread(unit, inner, size);
        if (found) return found;
      }
      const passed = inner.args.findIndex((a) => !a.star && !a.name && a.value.k === 'name' && a.value.name === name);
      if (passed >= 0 && inner.fn.name !== def.name) {
        const deeper = this.starredModel(unit, this.lookupAt(def.unit, inner.start)(inner.fn.name), passed, size, depth + 1);
        if (deeper) return deeper;
      }
    }
    return null;
  }

  /** `mk_quad(*abc)`: the model of the function a list of `size` values is spread into. */
  private spread(unit: number, call: Call, size: number): { def: Definition; model: NonNullable<ReturnType<Scanner['modelOf']>> } | null {
    if (call.fn.k !== 'name') return null;
    const def = this.lookupAt(unit, call.start)(call.fn.name);
    if (!def) return null;
    const model = this.modelOf(this.evaluator(unit, call.start).functionOf(def) as Extract<Value, { t: 'fn' }>, null);
    return model && model.sliders.length === size ? { def, model } : null;
  }

  /** The literals of `[1.1, 1.1, 1.1]` or `torch.tensor([1.1, 1.1, 1.1], …)`, or null. */
  private listLiterals(value: Expr): Expr[] | null {
    let list = value;
    if (value.k === 'call' && value.fn.k === 'name' && TENSOR_MAKERS.has(value.fn.name) && value.args[0] && !value.args[0].name)
      list = value.args[0].value;
    if (list.k !== 'list' || !list.items.length) return null;
    return list.items;
  }

  private tensorBinding(
    unit: SourceUnit,
    name: string,
    start: number,
    end: number,
    items: Expr[],
    uses: (call: Call) => ReturnType<Scanner['spread']>,
  ): Binding | null {
    for (const u of this.units) {
      for (const call of u.calls) {
        const found = uses(call);
        if (!found) continue;
        const taken = new Set<string>();
        const params = found.model.sliders.map((i, n) => this.param(found.def.params[i], n, taken, items[n], unit.text));
        const binding = this.finish(
          { kind: 'tensor', unit: unit.index, start, end, callee: name, label: unit.text.slice(start, end).replace(/\s+/g, ' ') },
          found.model.formula(params.map((p) => p.name)),
          params,
        );
        if (binding) return binding;
      }
    }
    return null;
  }

  private plotBinding(unit: SourceUnit, def: Definition): Binding | null {
    if (def.params.length !== 1) return null;
    const out = this.evaluator(unit.index, def.start).functionOf(def);
    const value = out.t === 'fn' ? out.apply([nameValue('x')]) : null;
    if (value?.t !== 'expr' || !freeNames(value.f).includes('x')) return null;
    const binding = this.finish(
      {
        kind: 'plot',
        unit: unit.index,
        start: def.start,
        end: def.end,
        callee: def.name,
        label: unit.text.slice(def.start, def.end).split(/\r\n|\r|\n/)[0],
      },
      value.f,
      [],
      false,
    );
    return binding && binding.params.length === 0 ? binding : null;
  }

  /** The formula text of an expression written in this source's language, resolving its model functions. */
  formulaOf(selected: string, language: SourceLanguage): string | null {
    const tokens = tokenize(selected, language).filter((t) => t.kind !== 'nl');
    let from = 0;
    if (tokens[0]?.kind === 'name' && tokens[1]?.kind === 'op' && tokens[1].text === '=') from = 2;
    if (tokens[from]?.kind === 'name' && tokens[from].text === 'return') from++;
    const parser = new ExprParser(tokens, language, from);
    const parsed = parser.tryParse();
    while (parser.peek().kind === 'op' && parser.peek().text === ';') parser.index++;
    let value: Value | null = null;
    if (parsed && parser.peek().kind === 'end') value = this.evaluator(0, Number.MAX_SAFE_INTEGER).evaluate(parsed, new Map());
    else {
      const unit = readUnit(selected, language);
      const def = unit.defs[0];
      if (def) value = this.evaluator(0, Number.MAX_SAFE_INTEGER).functionOf(def);
    }
    if (value?.t === 'fn') return this.functionFormula(value);
    if (value?.t !== 'expr') return null;
    return printFormula(value.f);
  }

  /**
   * A selected function as a formula: its input is the parameter named x (else the last), every
   * other parameter becomes a slider under its own name (`def quad(a, b, c, x)`, `lambda a, x: …`,
   * `mk_quad(a, b, c)` returning a function of x).
   */
  private functionFormula(fn: Extract<Value, { t: 'fn' }>): string | null {
    const model = this.modelOf(fn, null);
    if (!model) return null;
    const taken = new Set<string>();
    const formula = model.formula(model.sliders.map((i, n) => formulaName(fn.params[i], n, taken)));
    return formula ? printFormula(formula) : null;
  }

  bindings(): Binding[] {
    const found: Binding[] = [];
    for (const unit of this.units) {
      const inUnit: Binding[] = [];
      for (const def of unit.defs) {
        const plot = this.plotBinding(unit, def);
        if (plot) inUnit.push(plot);
      }
      for (const { decorator, def } of unit.interacts) {
        const binding = this.interactBinding(unit, decorator, def);
        if (binding) inUnit.push(binding);
      }
      for (const call of unit.calls) {
        const binding = this.callBinding(unit, call);
        if (binding) {
          inUnit.push(binding);
          continue;
        }
        // quad_mae([1.1, 1.1, 1.1]): a list given to a function that spreads it into a model.
        if (call.fn.k !== 'name') continue;
        const listArg = call.args.findIndex((a) => !a.star && !a.name && this.listLiterals(a.value) !== null && a.value.k === 'list');
        if (listArg < 0) continue;
        const items = this.listLiterals(call.args[listArg].value)!;
        const def = this.lookupAt(unit.index, call.start)(call.fn.name);
        const model = this.starredModel(unit.index, def, listArg, items.length);
        if (!model) continue;
        const taken = new Set<string>();
        const params = model.model.sliders.map((i, n) => this.param(model.def.params[i], n, taken, items[n], unit.text));
        const binding2 = this.finish(
          {
            kind: 'tensor',
            unit: unit.index,
            start: call.start,
            end: call.end,
            callee: call.fn.name,
            label: unit.text.slice(call.start, call.end),
          },
          model.model.formula(params.map((p) => p.name)),
          params,
        );
        if (binding2) inUnit.push(binding2);
      }
      for (const assignment of unit.assignments) {
        const items = this.listLiterals(assignment.value);
        if (!items) continue;
        const name = assignment.name;
        const binding = this.tensorBinding(unit, name, assignment.start, assignment.value.end, items, (call) => {
          const spreadArg =
            call.args.length === 1 && call.args[0].star === 1 && call.args[0].value.k === 'name' && call.args[0].value.name === name;
          if (spreadArg) return this.spread(unit.index, call, items.length);
          if (call.fn.k !== 'name') return null;
          const passed = call.args.findIndex((a) => !a.star && !a.name && a.value.k === 'name' && a.value.name === name);
          return passed >= 0
            ? this.starredModel(unit.index, this.lookupAt(unit.index, call.start)(call.fn.name), passed, items.length)
            : null;
        });
        if (binding) inUnit.push(binding);
      }
      inUnit.sort((a, b) => a.start - b.start);
      found.push(...inUnit);
    }
    return found;
  }
}

/** The bindings of one file. */
export function scanSource(text: string, language: SourceLanguage): Binding[] {
  return new Scanner([text], language).bindings();
}

/** The bindings of a notebook's code cells, which share their definitions; each carries its cell's index. */
export function scanCells(cells: string[], language: SourceLanguage = 'python'): Binding[] {
  return new Scanner(cells, language).bindings();
}

/** The scanner's language for a VS Code language id or a file name, or null when it reads neither. */
export function languageOf(id: string): SourceLanguage | null {
  if (/^(python|jupyter|py)$/i.test(id) || /\.(py|pyw|ipynb)$/i.test(id)) return 'python';
  if (/^(javascript|typescript|javascriptreact|typescriptreact|js|ts|jsx|tsx|mjs|cjs)$/i.test(id) || /\.(m?[jt]sx?|cjs|cts|mts)$/i.test(id))
    return 'javascript';
  return null;
}

/**
 * The formula a selection is (`3*x**2 + 2*x + 1`, `a*x**2 + b*x + c`, `lambda x: …`, a call of a
 * model function defined in `context`), with its free names as parameters, or why it is none.
 */
export function selectionFormula(
  selected: string,
  languageId: string,
  context = '',
): { ok: true; formula: string; names: string[] } | { ok: false; error: string } {
  const language = languageOf(languageId) ?? 'python';
  const scanner = new Scanner([context], language);
  const found = scanner.formulaOf(selected, language);
  const quoted = `"${selected.trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
  if (!found) return { ok: false, error: `${quoted} is not a formula of x the playground can plot (such as a*x**2 + b*x + c).` };
  const compiled = compileFormula(found);
  if (!compiled.ok) return { ok: false, error: `${quoted} reads as ${found}, which the playground cannot plot: ${compiled.error.message}` };
  return { ok: true, formula: found, names: compiled.program.params.map((p) => p.name) };
}
