// Which parameters the model's output is affine in (a·x² + b·x + c: all three; relu(m·x + b):
// none), read off the compiled Program. Along an affine parameter every prediction moves on a
// straight line, so the loss slice has an exact form: piecewise linear for MAE, a parabola for MSE.
import { Program } from '../formula/program';

/** 0: does not depend on the parameter, 1: affine in it, 2: anything else. */
type Degree = 0 | 1 | 2;

/** For each ParamSpec of the program (not each flat value): is the output affine in it? */
export function affineParams(program: Program): boolean[] {
  return program.params.map((_, p) => degreeIn(program, p) <= 1);
}

/** The same, one entry per flat parameter value (a vector parameter's values share its answer). */
export function affineFlatParams(program: Program): boolean[] {
  const perSpec = affineParams(program);
  const flat: boolean[] = [];
  program.params.forEach((spec, p) => {
    for (let j = 0; j < spec.size; j++) flat.push(perSpec[p]);
  });
  return flat;
}

function degreeIn(program: Program, param: number): Degree {
  const degrees: Degree[] = [];
  for (const node of program.nodes) {
    let d: Degree;
    switch (node.op) {
      case 'param':
        d = node.param === param ? 1 : 0;
        break;
      case 'x':
      case 'const':
        d = 0;
        break;
      case 'neg':
      case 'sumUnits':
        d = degrees[node.a];
        break;
      case 'add':
      case 'sub':
        d = Math.max(degrees[node.a], degrees[node.b]) as Degree;
        break;
      case 'mul':
        d = Math.min(2, degrees[node.a] + degrees[node.b]) as Degree;
        break;
      case 'div':
        d = degrees[node.b] === 0 ? degrees[node.a] : 2;
        break;
      default:
        // Every other operation is non-linear in its operands: constant only when they are.
        d = degrees[node.a] === 0 && ('b' in node ? degrees[node.b] === 0 : true) ? 0 : 2;
    }
    degrees.push(d);
  }
  return degrees[program.output];
}
