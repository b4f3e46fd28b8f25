// The weight ∂ŷ/∂p written as a formula of x, for the ledger's "where the gradient comes from"
// line: a·x² + b·x + c gives x² for a, x for b and 1 for c. Only where it is simple (the output
// affine in a scalar parameter, the derivative free of parameters); null otherwise.
import { Node, paramDependence, Program } from '../formula/program';

const SUPERSCRIPTS: Record<number, string> = { 2: '²', 3: '³', 4: '⁴' };

/** Precedence: 3 atoms and calls, 2 powers, 1 products, 0 sums. */
type Printed = { text: string; prec: number };

function print(program: Program, i: number): Printed {
  const node = program.nodes[i];
  const wrap = (p: Printed, min: number) => (p.prec >= min ? p.text : `(${p.text})`);
  switch (node.op) {
    case 'x':
      return { text: 'x', prec: 3 };
    case 'const':
      return { text: String(Number(node.value.toPrecision(6))), prec: node.value < 0 ? 0 : 3 };
    case 'param':
      return { text: program.params[node.param].name, prec: 3 };
    case 'neg':
      return { text: `−${wrap(print(program, node.a), 2)}`, prec: 0 };
    case 'add':
      return { text: `${print(program, node.a).text} + ${wrap(print(program, node.b), 1)}`, prec: 0 };
    case 'sub':
      return { text: `${print(program, node.a).text} − ${wrap(print(program, node.b), 1)}`, prec: 0 };
    case 'mul':
      return { text: `${wrap(print(program, node.a), 1)}·${wrap(print(program, node.b), 2)}`, prec: 1 };
    case 'div':
      return { text: `${wrap(print(program, node.a), 1)}/${wrap(print(program, node.b), 2)}`, prec: 1 };
    case 'pow': {
      const exponent = program.nodes[node.b];
      const base = wrap(print(program, node.a), 3);
      if (exponent.op === 'const' && SUPERSCRIPTS[exponent.value]) return { text: `${base}${SUPERSCRIPTS[exponent.value]}`, prec: 2 };
      return { text: `${base}**${wrap(print(program, node.b), 3)}`, prec: 2 };
    }
    case 'sumUnits':
      return { text: `sum(${print(program, node.a).text})`, prec: 3 };
    default: {
      const args = 'b' in node ? [node.a, node.b] : [(node as Node & { a: number }).a];
      return { text: `${node.op}(${args.map((arg) => print(program, arg).text).join(', ')})`, prec: 3 };
    }
  }
}

const isSum = (text: string) => / [+−] /.test(text);
const negate = (text: string) => (isSum(text) ? `−(${text})` : `−${text}`);

/** d node / d param as text, '0' when it does not depend on it, null when not simple. */
function derive(program: Program, i: number, param: number): string | null {
  const node = program.nodes[i];
  const zero = '0';
  switch (node.op) {
    case 'param':
      return node.param === param ? '1' : zero;
    case 'x':
    case 'const':
      return zero;
    case 'add':
    case 'sub': {
      const da = derive(program, node.a, param);
      const db = derive(program, node.b, param);
      if (da === null || db === null) return null;
      if (db === zero) return da;
      if (da === zero) return node.op === 'add' ? db : negate(db);
      return null;
    }
    case 'neg': {
      const da = derive(program, node.a, param);
      return da === null || da === zero ? da : negate(da);
    }
    case 'mul': {
      const da = derive(program, node.a, param);
      const db = derive(program, node.b, param);
      if (da === null || db === null || (da !== zero && db !== zero)) return null;
      const [d, other] = da !== zero ? [da, node.b] : db !== zero ? [db, node.a] : [zero, -1];
      if (d === zero) return zero;
      if (paramDependence(program)[other]) return null;
      const text = print(program, other).text;
      if (d === '1') return text;
      return `${isSum(d) ? `(${d})` : d}·${isSum(text) ? `(${text})` : text}`;
    }
    default: {
      // Anything else must not depend on the parameter at all.
      const inputs = 'b' in node ? [node.a, node.b] : [(node as Node & { a: number }).a];
      return inputs.every((a) => derive(program, a, param) === zero) ? zero : null;
    }
  }
}

/** ∂ŷ/∂(the scalar parameter at spec index `param`) as a short formula, or null. */
export function weightFormula(program: Program, param: number): string | null {
  if (program.params[param]?.size !== 1) return null;
  const text = derive(program, program.output, param);
  return text === '0' ? null : text;
}
