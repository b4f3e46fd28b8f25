// Vector parameters inferred from sum(...): which names become vectors, and which stay scalars.
import * as assert from 'node:assert/strict';
import { compileFormula } from '../../../../src/core/formula/compile';
import { inferVectors, usesUnits } from '../../../../src/core/formula/vectors';

describe('vector parameters inferred from sum(...)', () => {
  it('makes the names used only inside sum(...) vectors, in order of appearance', () => {
    assert.deepEqual(inferVectors('sum(w*relu(m*x + b)) + c', 16), { w: 16, m: 16, b: 16 });
    assert.deepEqual(inferVectors('sum(relu(m*x + b))', 3), { m: 3, b: 3 });
    assert.deepEqual(inferVectors('torch.sum(np.maximum(m*x + b, 0))', 5), { m: 5, b: 5 });
    assert.deepEqual(inferVectors('a*x**2 + b*x + c', 8), {});
  });

  it('keeps a name used outside a sum as well a scalar, so the formula still compiles', () => {
    const vectors = inferVectors('sum(relu(m*x + b)) * a + a', 4);
    assert.deepEqual(vectors, { m: 4, b: 4 });
    const scaled = inferVectors('k*sum(k*relu(m*x + b))', 4);
    assert.deepEqual(scaled, { m: 4, b: 4 });
    const compiled = compileFormula('k*sum(k*relu(m*x + b))', { vectors: scaled });
    assert.ok(compiled.ok);
    if (compiled.ok) assert.equal(compiled.program.paramCount, 1 + 8);
  });

  it('ignores x, pi and module constants, and a formula that does not parse', () => {
    assert.deepEqual(inferVectors('sum(m*x + pi + math.e)', 2), { m: 2 });
    assert.deepEqual(inferVectors('sum(w*relu(', 2), {});
    assert.equal(usesUnits('sum(w*relu(m*x + b))'), true);
    assert.equal(usesUnits('a*x + sum(3)'), false);
  });
});
