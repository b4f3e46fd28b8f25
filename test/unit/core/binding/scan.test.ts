// The binding scanner on real code: the lesson as a .py file and as a notebook, JavaScript and
// TypeScript, and the hard cases (comments and strings that look like calls, multi-line calls,
// keyword arguments, signed and scientific literals, nested parentheses, tabs, CRLF).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { readNotebook } from '../../../../src/core/binding/notebook';
import { Binding, languageOf, scanCells, scanSource } from '../../../../src/core/binding/scan';
import { fromRoot } from '../../../repo-root';

type Row = [line: number, kind: Binding['kind'], formula: string, params: Array<[string, number, string | null]>];

function rows(bindings: Binding[]): Row[] {
  return bindings.map((b) => [b.line + 1, b.kind, b.formula, b.params.map((p) => [p.name, p.value, p.literal?.text ?? null])]);
}

/** Every literal's range holds exactly its text in the source it was scanned from. */
function assertRanges(bindings: Binding[], texts: string[]): void {
  for (const b of bindings) {
    const text = texts[b.unit];
    assert.ok(text.slice(b.start, b.end).length > 0);
    for (const p of b.params) {
      if (!p.literal) continue;
      assert.equal(text.slice(p.literal.start, p.literal.end), p.literal.text, `${b.label}: ${p.name}`);
      assert.ok(p.literal.start >= b.start && p.literal.end <= b.end, `${b.label}: ${p.name} lies inside the binding`);
    }
  }
}

const QUAD = 'a*x**2 + b*x + c';
const RELU = 'torch.clip(m*x + b, 0)';
const LESSON_ROWS: Row[] = [
  [19, 'plot', '3*x**2 + 2*x + 1', []],
  [
    25,
    'call',
    QUAD,
    [
      ['a', 3, '3'],
      ['b', 2, '2'],
      ['c', 1, '1'],
    ],
  ],
  [
    29,
    'call',
    QUAD,
    [
      ['a', 3, '3'],
      ['b', 2, '2'],
      ['c', 1, '1'],
    ],
  ],
  [
    44,
    'interact',
    QUAD,
    [
      ['a', 1.1, '1.1'],
      ['b', 1.1, '1.1'],
      ['c', 1.1, '1.1'],
    ],
  ],
  [
    51,
    'interact',
    QUAD,
    [
      ['a', 1.1, '1.1'],
      ['b', 1.1, '1.1'],
      ['c', 1.1, '1.1'],
    ],
  ],
  [
    60,
    'interact',
    QUAD,
    [
      ['a', 1.1, '1.1'],
      ['b', 1.1, '1.1'],
      ['c', 1.1, '1.1'],
    ],
  ],
  [
    71,
    'tensor',
    QUAD,
    [
      ['a', 1.1, '1.1'],
      ['b', 1.1, '1.1'],
      ['c', 1.1, '1.1'],
    ],
  ],
  [
    73,
    'tensor',
    QUAD,
    [
      ['a', 1.1, '1.1'],
      ['b', 1.1, '1.1'],
      ['c', 1.1, '1.1'],
    ],
  ],
  [
    99,
    'call',
    RELU,
    [
      ['m', 1, '1'],
      ['b', 1, '1'],
    ],
  ],
  [
    101,
    'interact',
    RELU,
    [
      ['m', 1.5, '1.5'],
      ['b', 1.5, '1.5'],
    ],
  ],
  [
    108,
    'interact',
    `${RELU.replace(/m\*/, 'm1*').replace(/b,/, 'b1,')} + torch.clip(m2*x + b2, 0)`,
    [
      ['m1', -1.5, '-1.5'],
      ['b1', -1.5, '-1.5'],
      ['m2', 1.5, '1.5'],
      ['b2', 1.5, '1.5'],
    ],
  ],
];

describe('binding scanner', () => {
  it("finds every bindable place in the lesson's code (.py)", () => {
    const text = fs.readFileSync(fromRoot('sandbox-workspace', 'lesson.py'), 'utf8');
    const found = scanSource(text, 'python');
    assert.deepEqual(rows(found), LESSON_ROWS);
    assertRanges(found, [text]);
    const call = found.find((b) => b.label === 'quad(3, 2, 1, 1.5)');
    assert.ok(call, 'quad(3, 2, 1, 1.5) is bound');
    const line = text.split('\n')[call.line];
    assert.equal(line, 'quad(3, 2, 1, 1.5)');
  });

  it('finds the same places in the lesson notebook, each in its own cell, definitions shared across cells', () => {
    const read = readNotebook(fs.readFileSync(fromRoot('sandbox-workspace', 'lesson.ipynb'), 'utf8'));
    assert.ok(read.ok);
    const { cells } = read.value;
    const found = scanCells(cells);
    assertRanges(found, cells);
    assert.deepEqual(
      found.map((b) => [b.kind, b.label, b.formula]),
      scanSource(fs.readFileSync(fromRoot('sandbox-workspace', 'lesson.py'), 'utf8'), 'python').map((b) => [b.kind, b.label, b.formula]),
    );
    const call = found.find((b) => b.label === 'quad(3, 2, 1, 1.5)')!;
    assert.equal(cells[call.unit].split('\n')[call.line], 'quad(3, 2, 1, 1.5)');
    assert.ok(!cells[call.unit].includes('def quad'), 'the definition is in another cell');
    assert.equal(new Set(found.map((b) => b.unit)).size, found.length, 'one binding per cell in the lesson');
  });

  it('reads JavaScript and TypeScript: arrow functions, function declarations, closures, block bodies', () => {
    const source = [
      'const quad = (a: number, b: number, c: number, x: number): number => a * x ** 2 + b * x + c;',
      'function relu(m, b, x) {',
      '  const y = m * x + b; // the line',
      '  return Math.max(y, 0);',
      '}',
      'const mkQuad = (a, b, c) => (x) => a*x*x + b*x + c;',
      'export const f = function (t) { return 3 * t ** 2 + 2 * t + 1; };',
      'quad(3, 2, 1, x);',
      'const r = relu(1, -1.5e-1, xs[i]);',
      'const g = mkQuad(3, .5, 1);',
      '// quad(9, 9, 9, x) in a comment',
      '/* relu(9, 9, x) */ const s = "quad(8, 8, 8, x)" + `relu(7, 7, ${x})`;',
      'const abc = [1.1, 1.1, 1.1];',
      'const h = mkQuad(...abc);',
    ].join('\n');
    const found = scanSource(source, 'javascript');
    assertRanges(found, [source]);
    assert.deepEqual(rows(found), [
      [7, 'plot', '3*x**2 + 2*x + 1', []],
      [
        8,
        'call',
        'a*x**2 + b*x + c',
        [
          ['a', 3, '3'],
          ['b', 2, '2'],
          ['c', 1, '1'],
        ],
      ],
      [
        9,
        'call',
        'Math.max(m*x + b, 0)',
        [
          ['m', 1, '1'],
          ['b', -0.15, '-1.5e-1'],
        ],
      ],
      [
        10,
        'call',
        'a*x*x + b*x + c',
        [
          ['a', 3, '3'],
          ['b', 0.5, '.5'],
          ['c', 1, '1'],
        ],
      ],
      [
        13,
        'tensor',
        'a*x*x + b*x + c',
        [
          ['a', 1.1, '1.1'],
          ['b', 1.1, '1.1'],
          ['c', 1.1, '1.1'],
        ],
      ],
    ]);
  });

  const HARD = [
    'import torch',
    'def quad(a, b, c, x): return a*x**2 + b*x + c',
    'def rectified_linear(m, b, x):',
    '\ty = m*x+b',
    '\treturn torch.clip(y, 0.)',
    'def double_relu(m1, b1, m2, b2, x):',
    '    return rectified_linear(m1, b1, x) + rectified_linear(m2, b2, x)',
    '# quad(9, 9, 9, x)',
    's = "quad(8, 8, 8, x)"',
    "t = '''",
    'quad(7, 7, 7, x)',
    "'''",
    'y1 = quad(',
    '    -1.5,   # a, (not a paren',
    '    +1.,',
    '    .5e1, x)',
    'y2 = quad(c=2.5E-1, b=-.5, a=3, x=x)',
    'y3 = double_relu(-1.5, -1.5, 1.5, 1.5, x)',
    'y4 = quad(a0*2, (1), max(1, 2), x)',
    'plot_function(partial(rectified_linear, 1, 1), ylim=(-1, 4))',
    'y5 = rectified_linear(1, 1, x)',
    'y6 = quad(0x10, 1j, 2, x)',
  ].join('\n');
  const HARD_ROWS: Row[] = [
    [
      13,
      'call',
      QUAD,
      [
        ['a', -1.5, '-1.5'],
        ['b', 1, '+1.'],
        ['c', 5, '.5e1'],
      ],
    ],
    [
      17,
      'call',
      QUAD,
      [
        ['a', 3, '3'],
        ['b', -0.5, '-.5'],
        ['c', 0.25, '2.5E-1'],
      ],
    ],
    [
      18,
      'call',
      'torch.clip(m1*x + b1, 0) + torch.clip(m2*x + b2, 0)',
      [
        ['m1', -1.5, '-1.5'],
        ['b1', -1.5, '-1.5'],
        ['m2', 1.5, '1.5'],
        ['b2', 1.5, '1.5'],
      ],
    ],
    [
      19,
      'call',
      QUAD,
      [
        ['a', 1, null],
        ['b', 1, '1'],
        ['c', 1, null],
      ],
    ],
    [
      20,
      'call',
      RELU,
      [
        ['m', 1, '1'],
        ['b', 1, '1'],
      ],
    ],
    [
      21,
      'call',
      RELU,
      [
        ['m', 1, '1'],
        ['b', 1, '1'],
      ],
    ],
    // Hex and imaginary numbers are shown but never written.
    [
      22,
      'call',
      QUAD,
      [
        ['a', 1, null],
        ['b', 1, null],
        ['c', 2, '2'],
      ],
    ],
  ];

  it('skips comments and strings, reads multi-line, keyword, signed and scientific arguments, tabs', () => {
    const found = scanSource(HARD, 'python');
    assertRanges(found, [HARD]);
    assert.deepEqual(rows(found), HARD_ROWS);
    const computed = found.find((b) => b.line === 18)!;
    assert.deepEqual(
      computed.params.map((p) => p.source),
      ['a0*2', '1', 'max(1, 2)'],
    );
  });

  it('gives the same bindings and lines with CRLF line ends, ranges on the CRLF text', () => {
    const crlf = HARD.replace(/\n/g, '\r\n');
    const found = scanSource(crlf, 'python');
    assertRanges(found, [crlf]);
    assert.deepEqual(rows(found), HARD_ROWS);
  });

  it('offers nothing for code that is not a model, and never throws on broken source', () => {
    assert.deepEqual(scanSource('print(1, 2)\nmax(3, 4)\ndef g(a, b): return a.mean() + b\ng(1, 2)\n', 'python'), []);
    for (const broken of [
      'def quad(a, b, c, x): return a*x**2 +',
      'quad(3, 2,',
      '@interact(a=1',
      'def (',
      ')))',
      '"unterminated',
      'def f(x): return x[',
      '',
    ]) {
      assert.doesNotThrow(() => scanSource(`def quad(a, b, c, x): return a*x**2 + b*x + c\n${broken}`, 'python'));
      assert.doesNotThrow(() => scanSource(`const q = (a, x) => a*x;\n${broken}`, 'javascript'));
    }
  });

  it('knows the languages by VS Code id and file name', () => {
    assert.equal(languageOf('python'), 'python');
    assert.equal(languageOf('typescript'), 'javascript');
    assert.equal(languageOf('javascriptreact'), 'javascript');
    assert.equal(languageOf('lesson.ipynb'), 'python');
    assert.equal(languageOf('markdown'), null);
  });

  it('reads a notebook with string or list sources and reports a broken one', () => {
    const nb = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: 'quad(1, 2, 3, x)' },
        { cell_type: 'code', source: 'def quad(a, b, c, x): return a*x**2 + b*x + c' },
        { cell_type: 'code', source: ['quad(', '1, 2, 3, x)'] },
      ],
    });
    const read = readNotebook(nb);
    assert.ok(read.ok);
    assert.deepEqual(read.value.cellIndex, [1, 2]);
    assert.deepEqual(rows(scanCells(read.value.cells)), [
      [
        1,
        'call',
        QUAD,
        [
          ['a', 1, '1'],
          ['b', 2, '2'],
          ['c', 3, '3'],
        ],
      ],
    ]);
    assert.equal(readNotebook('{').ok, false);
    assert.equal(readNotebook('{"cells": 3}').ok, false);
  });
});
