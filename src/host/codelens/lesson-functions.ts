// Finds the lesson's model functions in Python source (`def quad(`, `def mk_quad(`,
// `def rectified_linear(`, `def double_relu(`), for the "Open in Neural Net playground" CodeLens.
import type { OpenRequest } from '../../protocol/messages';

export interface LessonFunction {
  /** 0-based line of the `def`. */
  line: number;
  /** Character range of the function name on that line. */
  start: number;
  end: number;
  name: string;
  request: OpenRequest;
}

const FUNCTIONS: Record<string, OpenRequest> = {
  quad: { preset: 'quadratic' },
  mk_quad: { preset: 'quadratic' },
  rectified_linear: { preset: 'relu' },
  double_relu: { preset: 'doubleRelu' },
};

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;

export function findLessonFunctions(source: string): LessonFunction[] {
  const found: LessonFunction[] = [];
  source.split(/\r\n|\r|\n/).forEach((text, line) => {
    const match = DEF.exec(text);
    if (!match) return;
    const name = match[2];
    const request = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!request) return;
    const start = text.indexOf(name, match[1].length);
    found.push({ line, start, end: start + name.length, name, request: { ...request } });
  });
  return found;
}
