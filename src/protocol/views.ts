// Which "see why it learns" views are open and what they show, saved with the playground state so
// a reload brings them back: the loss slices, the landscape (with its two parameters, by name), the
// step ledger and the computation graph (with its data point).
import * as v from 'valibot';
import { LIMITS } from '../core/limits';
import { oneOf, text, whole } from './check';

export const VIEW_NAMES = ['slices', 'landscape', 'ledger', 'graph'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export const ViewsStateSchema = v.object({
  open: v.pipe(v.array(oneOf(VIEW_NAMES), 'must be a list of views'), v.maxLength(VIEW_NAMES.length, 'has too many views')),
  /** The landscape's two parameters (flat names: `a`, `m[3]`); absent: the default pair. */
  landscape: v.optional(v.object({ across: text(LIMITS.nameChars), up: text(LIMITS.nameChars) })),
  /** The data point the computation graph shows. */
  point: v.optional(whole(0, LIMITS.points)),
  /** The "Layers" model's views (webview/layers): the weight heat maps, the neuron pictures, and what the data points' colour shows. */
  layers: v.optional(
    v.object({
      weights: v.boolean('must be true or false'),
      neurons: v.boolean('must be true or false'),
      points: oneOf(['value', 'residual']),
    }),
  ),
});

export type ViewsState = v.InferOutput<typeof ViewsStateSchema>;

/** `views` with `names` opened as well (a lesson chapter opening the views that fit it). */
export function withViewsOpen(views: ViewsState | undefined, names: readonly ViewName[]): ViewsState {
  const open = new Set<ViewName>([...(views?.open ?? []), ...names]);
  return { ...views, open: VIEW_NAMES.filter((name) => open.has(name)) };
}
