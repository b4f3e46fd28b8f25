// Which "see why it learns" views are open and what they show, saved with the playground state so
// a reload brings them back: the loss slices, the landscape (with its two parameters, by name), the
// step ledger and the computation graph (with its data point).
import * as v from 'valibot';

export const VIEW_NAMES = ['slices', 'landscape', 'ledger', 'graph'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const paramName = v.pipe(v.string('must be a parameter name'), v.maxLength(200, 'is too long'));

export const ViewsStateSchema = v.object({
  open: v.pipe(
    v.array(v.picklist(VIEW_NAMES, `must be one of ${VIEW_NAMES.join(', ')}`), 'must be a list of views'),
    v.maxLength(VIEW_NAMES.length, 'has too many views'),
  ),
  /** The landscape's two parameters (flat names: `a`, `m[3]`); absent: the default pair. */
  landscape: v.optional(v.object({ across: paramName, up: paramName })),
  /** The data point the computation graph shows. */
  point: v.optional(v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more'))),
});

export type ViewsState = v.InferOutput<typeof ViewsStateSchema>;

/** Why `raw` is not a views state, or null when it is. */
export function viewsProblem(raw: unknown, path: string): string | null {
  const result = v.safeParse(ViewsStateSchema, raw);
  if (result.success) return null;
  const issue = result.issues[0];
  const where = v.getDotPath(issue);
  return `${path}${where ? `.${where}` : ''} ${issue.message}`;
}

/** `views` with `names` opened as well (a lesson chapter opening the views that fit it). */
export function withViewsOpen(views: ViewsState | undefined, names: readonly ViewName[]): ViewsState {
  const open = new Set<ViewName>([...(views?.open ?? []), ...names]);
  return { ...views, open: VIEW_NAMES.filter((name) => open.has(name)) };
}
