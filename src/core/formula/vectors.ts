// Which parameters of a formula are vectors (one value per unit, as the m and b of N ReLUs): the
// ones used only inside `sum(...)`. A name used outside any sum as well stays a scalar, since a
// vector there would leave one value per unit where the formula needs one number.
import { Ast, parseFormula } from './parse';

/** Names that are not parameters: the input and the bare constant `pi` (dotted names are module constants). */
function isParameterName(name: string): boolean {
  return name !== 'x' && name !== 'pi' && !name.includes('.');
}

function visit(ast: Ast, insideSum: boolean, inside: Set<string>, outside: Set<string>): void {
  switch (ast.kind) {
    case 'number':
      return;
    case 'name':
      if (isParameterName(ast.name)) (insideSum ? inside : outside).add(ast.name);
      return;
    case 'unary':
      return visit(ast.arg, insideSum, inside, outside);
    case 'binary':
      visit(ast.left, insideSum, inside, outside);
      return visit(ast.right, insideSum, inside, outside);
    case 'call': {
      const fn = ast.fn.replace(/^(torch|np|numpy|jnp|Math|math|tf)\./, '');
      const sums = insideSum || fn === 'sum';
      for (const arg of ast.args) visit(arg, sums, inside, outside);
      for (const keyword of ast.keywords) visit(keyword.value, sums, inside, outside);
      return;
    }
  }
}

/** The vector parameters of `formula`, each with `units` values, in order of first appearance; {} when it does not parse. */
export function inferVectors(formula: string, units: number): Record<string, number> {
  const parsed = parseFormula(formula);
  if (!parsed.ok) return {};
  const inside = new Set<string>();
  const outside = new Set<string>();
  visit(parsed.value, false, inside, outside);
  const vectors: Record<string, number> = {};
  for (const name of inside) if (!outside.has(name)) vectors[name] = units;
  return vectors;
}

/** Whether the formula sums over units at all (so a unit count applies to it). */
export function usesUnits(formula: string): boolean {
  return Object.keys(inferVectors(formula, 2)).length > 0;
}
