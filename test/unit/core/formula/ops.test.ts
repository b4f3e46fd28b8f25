// The op table: every op has every rule; its value and derivative are PyTorch's (golden values from
// scripts/golden-op-rules.py, kinks, ties and NaN included); and every engine that reads the table
// (constant folding, the point-by-point evaluator, the tape, the generated JavaScript, the
// WebAssembly kernel, ONNX on onnxruntime's wasm build, the PyTorch export run by real torch where
// installed) gives the table's value and derivative on the same samples.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NUMBERS } from '../../../../src/core/formula/algebra';
import { foldBinary, foldUnary } from '../../../../src/core/formula/compile';
import { ALL_OPS, BINARY_RULES, UNARY_RULES } from '../../../../src/core/formula/ops';
import { evaluatePointwise } from '../../../../src/core/formula/pointwise';
import { BINARY_OPS, BinaryOp, Node, Program, UNARY_OPS, UnaryOp } from '../../../../src/core/formula/program';
import { pythonExpression } from '../../../../webview/export/pytorch';
import { engines, expectSame, UNARY_SAMPLES, BINARY_SAMPLES, decode, runOnEngine } from './op-engines';

import { fromRoot } from '../../../repo-root';
import { torchPython } from '../../../torch-python';

interface GoldenCase {
  op: string;
  a: (number | string)[];
  b?: (number | string)[];
  value: (number | string)[];
  da: (number | string)[];
  db?: (number | string)[];
  /** The gradients again with an incoming gradient of +inf, -inf and 0 instead of 1. */
  upstream: Record<string, { da: (number | string)[]; db?: (number | string)[] }>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'op-rules-torch.json'), 'utf8')) as { cases: GoldenCase[] };

/** A shallow copy of a rule table, each rule and its onnx part copied too, so a test can delete from it. */
function copyRules<T extends Record<string, object>>(table: T): T {
  return Object.fromEntries(
    Object.entries(table).map(([op, rule]) => [op, { ...rule, onnx: { ...(rule as { onnx?: object }).onnx } }]),
  ) as unknown as T;
}

/** Every way the tables fall short of the ops the compiler makes: a missing entry, a missing rule, an extra entry. */
function ruleProblems(unary: typeof UNARY_RULES, binary: typeof BINARY_RULES): string[] {
  const problems: string[] = [];
  const check = (
    table: Record<string, unknown>,
    ops: readonly string[],
    names: (rule: Record<string, unknown>) => Record<string, unknown>,
  ) => {
    for (const op of ops) {
      const rule = table[op] as Record<string, unknown> | undefined;
      if (!rule) {
        problems.push(`${op} has no entry in the table`);
        continue;
      }
      for (const [name, fn] of Object.entries(names(rule))) if (typeof fn !== 'function') problems.push(`${op} lacks its ${name} rule`);
    }
    for (const op of Object.keys(table)) if (!ops.includes(op)) problems.push(`${op} is in the table but the compiler cannot make it`);
  };
  const onnx = (rule: Record<string, unknown>) => rule.onnx as { forward?: unknown; backward?: unknown } | undefined;
  check(unary, UNARY_OPS, (rule) => ({
    value: rule.value,
    derivative: rule.derivative,
    onnxForward: onnx(rule)?.forward,
    onnxBackward: onnx(rule)?.backward,
    torch: rule.torch,
  }));
  check(binary, BINARY_OPS, (rule) => ({
    value: rule.value,
    da: rule.da,
    db: rule.db,
    onnxForward: onnx(rule)?.forward,
    onnxBackward: onnx(rule)?.backward,
    torch: rule.torch,
  }));
  return problems;
}

describe('op table', () => {
  it('has every rule for every op, and no rule for an op the compiler cannot make', () => {
    assert.deepEqual(ruleProblems(UNARY_RULES, BINARY_RULES), []);
    assert.equal(ALL_OPS.length, UNARY_OPS.length + BINARY_OPS.length);
  });

  it('the coverage check itself fails when an op lacks any one of its rules, lacks its entry, or has an entry the compiler cannot make', () => {
    const unaryNames = ['value', 'derivative', 'onnxForward', 'onnxBackward', 'torch'];
    const binaryNames = ['value', 'da', 'db', 'onnxForward', 'onnxBackward', 'torch'];
    for (const [op, names, unary] of [
      ...UNARY_OPS.map((op) => [op, unaryNames, true] as const),
      ...BINARY_OPS.map((op) => [op, binaryNames, false] as const),
    ])
      for (const name of names) {
        const table: Record<string, object> = copyRules<Record<string, object>>(unary ? UNARY_RULES : BINARY_RULES);
        const rule = table[op] as Record<string, unknown> & { onnx: Record<string, unknown> };
        if (name.startsWith('onnx')) delete rule.onnx[name === 'onnxForward' ? 'forward' : 'backward'];
        else delete rule[name];
        const problems = unary
          ? ruleProblems(table as typeof UNARY_RULES, BINARY_RULES)
          : ruleProblems(UNARY_RULES, table as typeof BINARY_RULES);
        assert.deepEqual(problems, [`${op} lacks its ${name} rule`]);
      }
    const withoutRelu = copyRules(UNARY_RULES) as Partial<typeof UNARY_RULES>;
    delete withoutRelu.relu;
    assert.deepEqual(ruleProblems(withoutRelu as typeof UNARY_RULES, BINARY_RULES), ['relu has no entry in the table']);
    const extra = { ...copyRules(BINARY_RULES), hypot: BINARY_RULES.add } as typeof BINARY_RULES;
    assert.deepEqual(ruleProblems(UNARY_RULES, extra), ['hypot is in the table but the compiler cannot make it']);
  });

  it("gives PyTorch's values and gradients on every sample, kinks, ties and NaN included", () => {
    const cases = fixture.cases as GoldenCase[];
    assert.deepEqual(cases.map((c) => c.op).sort(), [...ALL_OPS].sort(), 'the golden file covers every op');
    for (const c of cases) {
      c.a.forEach((raw, i) => {
        const a = decode(raw);
        const where = `${c.op}(${a}${c.b ? `, ${decode(c.b[i])}` : ''})`;
        if (c.b) {
          const b = decode(c.b[i]);
          const rule = BINARY_RULES[c.op as BinaryOp];
          const out = rule.value(NUMBERS, a, b);
          expectSame(out, decode(c.value[i]), `${where} value`);
          expectSame(rule.da(NUMBERS, 1, a, b, out), decode(c.da[i]), `${where} d/da`);
          expectSame(rule.db(NUMBERS, 1, a, b, out), decode(c.db![i]), `${where} d/db`);
        } else {
          const rule = UNARY_RULES[c.op as UnaryOp];
          const out = rule.value(NUMBERS, a);
          expectSame(out, decode(c.value[i]), `${where} value`);
          expectSame(rule.derivative(NUMBERS, 1, a, out), decode(c.da[i]), `${where} derivative`);
        }
      });
    }
  });

  it('multiplies or masks an infinite or zero incoming gradient exactly where PyTorch does (0 · inf is NaN, a masked branch 0)', () => {
    const cases = fixture.cases as GoldenCase[];
    const wrong: string[] = [];
    const check = (actual: number, expected: number, what: string) => {
      try {
        expectSame(actual, expected, what);
      } catch (error) {
        wrong.push((error as Error).message.split('\n')[0]);
      }
    };
    for (const c of cases) {
      const incoming = Object.keys(c.upstream)
        .map(decode)
        .sort((p, q) => p - q);
      assert.deepEqual(incoming, [-Infinity, 0, Infinity], `${c.op}: every incoming gradient`);
      for (const [raw, expected] of Object.entries(c.upstream)) {
        const g = decode(raw);
        c.a.forEach((rawA, i) => {
          const a = decode(rawA);
          const where = `${c.op}(${a}${c.b ? `, ${decode(c.b[i])}` : ''}) with incoming ${g}`;
          if (c.b) {
            const b = decode(c.b[i]);
            const rule = BINARY_RULES[c.op as BinaryOp];
            const out = rule.value(NUMBERS, a, b);
            check(rule.da(NUMBERS, g, a, b, out), decode(expected.da[i]), `${where} d/da`);
            check(rule.db(NUMBERS, g, a, b, out), decode(expected.db![i]), `${where} d/db`);
          } else {
            const rule = UNARY_RULES[c.op as UnaryOp];
            check(rule.derivative(NUMBERS, g, a, rule.value(NUMBERS, a)), decode(expected.da[i]), `${where} derivative`);
          }
        });
      }
    }
    assert.deepEqual(wrong, [], `${wrong.length} gradients differ from torch's`);
  });

  it('folds constants by the table (relu(NaN) is NaN, as the evaluators and torch give)', () => {
    assert.ok(Number.isNaN(foldUnary('relu', NaN)));
    for (const op of UNARY_OPS)
      for (const a of UNARY_SAMPLES) expectSame(foldUnary(op, a), UNARY_RULES[op].value(NUMBERS, a), `fold ${op}(${a})`);
    for (const op of BINARY_OPS)
      for (const [a, b] of BINARY_SAMPLES)
        expectSame(foldBinary(op, a, b), BINARY_RULES[op].value(NUMBERS, a, b), `fold ${op}(${a}, ${b})`);
  });

  for (const engine of engines())
    it(`${engine.name}: every op's value and derivative equal the table's on the samples`, async function () {
      this.timeout(120_000);
      for (const op of UNARY_OPS) await runOnEngine(engine, op);
      for (const op of BINARY_OPS) await runOnEngine(engine, op);
    });

  it('point-by-point evaluator: every op equals the table', () => {
    for (const op of [...UNARY_OPS, ...BINARY_OPS]) {
      const binary = (BINARY_OPS as readonly string[]).includes(op);
      const nodes: Node[] = binary
        ? [
            { op: 'x', shape: 'points' },
            { op: 'param', param: 0, shape: 'scalar' },
            { op: op as BinaryOp, a: 0, b: 1, shape: 'points' },
          ]
        : [
            { op: 'x', shape: 'points' },
            { op: op as UnaryOp, a: 0, shape: 'points' },
          ];
      const program: Program = {
        nodes,
        output: nodes.length - 1,
        params: binary ? [{ name: 'b', size: 1, offset: 0 }] : [],
        units: 1,
        paramCount: binary ? 1 : 0,
      };
      const pairs = binary ? BINARY_SAMPLES : UNARY_SAMPLES.map((a) => [a, NaN] as [number, number]);
      for (const [a, b] of pairs) {
        const [got] = evaluatePointwise(program, binary ? [b] : [], [a]);
        const want = binary ? BINARY_RULES[op as BinaryOp].value(NUMBERS, a, b) : UNARY_RULES[op as UnaryOp].value(NUMBERS, a);
        expectSame(got, want, `pointwise ${op}(${a}, ${b})`);
      }
    }
  });

  it('PyTorch export: the emitted text, run by torch, gives the table (pending without torch)', function () {
    const python = torchPython();
    if (!python) this.skip();
    this.timeout(60_000);
    // Each op applied to the operands x (and b), as the export prints it from a compiled program.
    const programs = [...UNARY_OPS, ...BINARY_OPS].map((op) => {
      const binary = (BINARY_OPS as readonly string[]).includes(op);
      const nodes: Node[] = [
        { op: 'x', shape: 'points' },
        { op: 'param', param: 0, shape: 'scalar' },
      ];
      nodes.push(binary ? { op: op as BinaryOp, a: 0, b: 1, shape: 'points' } : { op: op as UnaryOp, a: 0, shape: 'points' });
      const program: Program = { nodes, output: 2, params: [{ name: 'b', size: 1, offset: 0 }], units: 1, paramCount: 1 };
      const pairs = binary ? BINARY_SAMPLES : UNARY_SAMPLES.map((a) => [a, 0] as [number, number]);
      return { op, binary, text: pythonExpression(program), pairs };
    });
    const literal = (v: number) =>
      Number.isNaN(v)
        ? "float('nan')"
        : v === Infinity
          ? "float('inf')"
          : v === -Infinity
            ? "-float('inf')"
            : Number.isInteger(v)
              ? `${v}.0`
              : String(v);
    const script = [
      'import json, torch',
      "e = lambda v: 'NaN' if v != v else ('Infinity' if v == float('inf') else ('-Infinity' if v == -float('inf') else v))",
      'torch.set_default_dtype(torch.float64)',
      'out = []',
      ...programs.flatMap(({ text, pairs }) => [
        `x = torch.tensor([${pairs.map((p) => literal(p[0])).join(', ')}], requires_grad=True)`,
        `b = torch.tensor([${pairs.map((p) => literal(p[1])).join(', ')}], requires_grad=True)`,
        `r = ${text}`,
        'r.backward(torch.ones_like(r))',
        'b_grad = b.grad if b.grad is not None else torch.zeros_like(b)',
        'out.append([[e(float(v)) for v in r.detach()], [e(float(v)) for v in x.grad], [e(float(v)) for v in b_grad]])',
      ]),
      'print(json.dumps(out))',
    ].join('\n');
    const results = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) as (number | string)[][][];
    programs.forEach(({ op, binary, text, pairs }, k) => {
      const [values, da, db] = results[k];
      pairs.forEach(([a, b], i) => {
        const where = `${text} at x=${a}, b=${b}`;
        if (binary) {
          const rule = BINARY_RULES[op as BinaryOp];
          const out = rule.value(NUMBERS, a, b);
          expectSame(decode(values[i]), out, `${where}: value`);
          expectSame(decode(da[i]), rule.da(NUMBERS, 1, a, b, out), `${where}: d/dx`);
          expectSame(decode(db[i]), rule.db(NUMBERS, 1, a, b, out), `${where}: d/db`);
        } else {
          const rule = UNARY_RULES[op as UnaryOp];
          const out = rule.value(NUMBERS, a);
          expectSame(decode(values[i]), out, `${where}: value`);
          expectSame(decode(da[i]), rule.derivative(NUMBERS, 1, a, out), `${where}: d/dx`);
        }
      });
    });
  });
});
