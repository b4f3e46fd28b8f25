// Following a binding through edits: offsets mapped through VS Code's content changes, the same
// place found again by structure, and the cases where it must end.
import * as assert from 'node:assert/strict';
import { scanSource } from '../../../../src/core/binding/scan';
import { lostLiteral, mapOffset, rematch, TextChange } from '../../../../src/core/binding/track';

const SOURCE = ['def quad(a, b, c, x): return a*x**2 + b*x + c', 'y = quad(3, 2, 1, x)', 'z = quad(4, 5, 6, x)', ''].join('\n');

function apply(text: string, changes: TextChange[]): string {
  // VS Code's changes of one event refer to the text before it; apply from the last to the first.
  return [...changes]
    .sort((a, b) => b.offset - a.offset)
    .reduce((t, c) => t.slice(0, c.offset) + c.text + t.slice(c.offset + c.length), text);
}

function follow(text: string, label: string, changes: TextChange[]) {
  const before = scanSource(text, 'python');
  const bound = before.find((b) => b.label === label)!;
  const after = apply(text, changes);
  const next = scanSource(after, 'python');
  return { match: rematch(bound, before, changes, next), after, bound };
}

describe('binding tracking', () => {
  it('maps offsets past insertions and deletions before them, and marks a change around them', () => {
    assert.deepEqual(mapOffset(10, [{ offset: 0, length: 0, text: 'abc' }]), { offset: 13, touched: null });
    assert.deepEqual(mapOffset(10, [{ offset: 2, length: 5, text: '' }]), { offset: 5, touched: null });
    assert.deepEqual(mapOffset(10, [{ offset: 12, length: 1, text: 'xyz' }]), { offset: 10, touched: null });
    assert.equal(mapOffset(10, [{ offset: 8, length: 5, text: 'q' }]).touched?.offset, 8);
  });

  it('finds the same call after a line is inserted above it, not its twin', () => {
    const { match, after } = follow(SOURCE, 'z = quad(4, 5, 6, x)'.slice(4), [{ offset: 0, length: 0, text: 'quad(4, 5, 6, x)\n' }]);
    assert.ok(match);
    assert.equal(after.slice(match.start, match.end), 'quad(4, 5, 6, x)');
    assert.equal(match.line, 3);
  });

  it('reads a literal the user changed, and ends when a literal becomes an expression', () => {
    const start = SOURCE.indexOf('3, 2');
    const typed = follow(SOURCE, 'quad(3, 2, 1, x)', [{ offset: start, length: 1, text: '3.75' }]);
    assert.deepEqual(
      typed.match!.params.map((p) => p.value),
      [3.75, 2, 1],
    );
    const computed = follow(SOURCE, 'quad(3, 2, 1, x)', [{ offset: start, length: 1, text: 'a0*2' }]);
    assert.ok(computed.match);
    assert.equal(lostLiteral(computed.bound, computed.match), 'a is no longer a number (a0*2)');
  });

  it('loses a deleted call instead of jumping to another one', () => {
    const start = SOURCE.indexOf('y = quad');
    const { match } = follow(SOURCE, 'quad(3, 2, 1, x)', [{ offset: start, length: 'y = quad(3, 2, 1, x)\n'.length, text: '' }]);
    assert.equal(match, null);
  });

  it('finds the call again after a reformat that replaces the whole region around it', () => {
    const start = SOURCE.indexOf('y = quad');
    const end = SOURCE.length;
    const { match, after } = follow(SOURCE, 'quad(4, 5, 6, x)', [
      { offset: start, length: end - start, text: 'y = quad(3,2,1,x)\nz = quad(4,5,6,x)\n' },
    ]);
    assert.ok(match);
    assert.equal(after.slice(match.start, match.end), 'quad(4,5,6,x)');
  });
});
