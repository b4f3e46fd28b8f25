// Keeps a binding on the same place while the document changes under it: maps its anchor through
// the edits, finds it again among a fresh scan by structure (same kind, function and parameter
// names at the mapped place), and says when it can no longer be trusted, so nothing is ever
// written into the wrong place.
import type { Binding } from './scan';

export interface TextChange {
  /** Offset of the replaced text in the document before this change, its length, and the new text. */
  offset: number;
  length: number;
  text: string;
}

/**
 * Where `offset` is after `changes` (VS Code's content changes of one event, which all refer to
 * the document before the event), and the change it fell inside, if any.
 */
export function mapOffset(offset: number, changes: readonly TextChange[]): { offset: number; touched: TextChange | null } {
  let shift = 0;
  let touched: TextChange | null = null;
  for (const change of changes) {
    const end = change.offset + change.length;
    if (end <= offset) shift += change.text.length - change.length;
    else if (change.offset <= offset && offset < end) touched = change;
  }
  return { offset: offset + shift, touched };
}

/** Where a change's new text lies after all the changes. */
function newSpan(change: TextChange, changes: readonly TextChange[]): [number, number] {
  const start = mapOffset(
    change.offset,
    changes.filter((c) => c !== change),
  ).offset;
  return [start, start + change.text.length];
}

/** The same-structure bindings of a scan, in order. */
export function sameKind(binding: Binding, bindings: readonly Binding[]): Binding[] {
  return bindings.filter((b) => b.key === binding.key && b.unit === binding.unit);
}

/**
 * The binding in `next` that is `previous` after `changes`: the one of the same structure that starts
 * where `previous`'s start went; if that start was inside a replaced region (a reformat), the only one
 * of that structure inside the new text, or the one at the same position among them when their number
 * is unchanged. Null when there is none or it is ambiguous.
 */
export function rematch(
  previous: Binding,
  previousAll: readonly Binding[],
  changes: readonly TextChange[],
  next: readonly Binding[],
): Binding | null {
  const candidates = sameKind(previous, next);
  const mapped = mapOffset(previous.start, changes);
  if (!mapped.touched) return candidates.find((b) => b.start === mapped.offset) ?? null;
  const [from, to] = newSpan(mapped.touched, changes);
  const inside = candidates.filter((b) => b.start >= from && b.start <= to);
  if (inside.length === 1) return inside[0];
  const before = sameKind(previous, previousAll);
  const ordinal = before.findIndex((b) => b.start === previous.start);
  return before.length === candidates.length && ordinal >= 0 ? candidates[ordinal] : null;
}

/** What became of each bound literal: null if fine, else why the binding must end. */
export function lostLiteral(previous: Binding, next: Binding): string | null {
  for (const p of previous.params) {
    const now = next.params.find((q) => q.name === p.name);
    if (!now) return `${p.name} is gone from ${next.label}`;
    if (p.literal && !now.literal) return `${p.name} is no longer a number (${now.source})`;
  }
  return null;
}

/**
 * The binding in a fresh scan of a unit whose own text did not change, though a definition it uses
 * did (a notebook cell redefining the model elsewhere): the one of the same kind and function over
 * the same span with every bound literal still in place. Its formula, and even its parameter
 * names, may differ. Null when there is none.
 */
export function sameSpan(previous: Binding, next: readonly Binding[]): Binding | null {
  return (
    next.find(
      (b) =>
        b.kind === previous.kind &&
        b.callee === previous.callee &&
        b.start === previous.start &&
        b.end === previous.end &&
        previous.params.every((p) => !p.literal || b.params.some((q) => q.literal?.start === p.literal!.start)),
    ) ?? null
  );
}
