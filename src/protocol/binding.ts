// The messages of a slider binding: the host binds the playground to numbers in the user's code
// (`bind`), tells it when the code's numbers change (`boundValues`) or the binding ends
// (`unbound`); the webview asks for literals to be rewritten (`boundEdit`, one undo step per
// `drag` … `end`), reports the loss and gradient shown beside the literals (`boundStatus`), and
// can let go (`unbind`). One valibot schema per message; the tables join the protocol's.
import * as v from 'valibot';

const MAX_PARAMS = 256;
const finite = () => v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const id = () => v.pipe(v.number(), v.integer(), v.minValue(0));

export const BoundParamSchema = v.object({
  /** The parameter's name in the formula: the slider's name. */
  name: v.pipe(text(200), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a formula name')),
  value: finite(),
  /** False for a computed argument (`a0*2`) or a read-only document: shown, never written. */
  writable: v.boolean(),
  /** The argument's source text. */
  source: text(2000),
});
export type BoundParam = v.InferOutput<typeof BoundParamSchema>;

export const BoundModelSchema = v.object({
  /** Each binding's number; messages about an older binding are ignored. */
  id: id(),
  kind: v.picklist(['call', 'interact', 'tensor', 'plot', 'selection']),
  formula: text(2000),
  params: v.pipe(v.array(BoundParamSchema), v.maxLength(MAX_PARAMS)),
  /** Where it is bound: `lesson.py:25`, `lesson.ipynb, cell 9, line 1`. */
  place: text(1000),
  /** The bound source, shortened: `quad(3, 2, 1, 1.5)`. */
  label: text(1000),
  /** Why nothing is written back, when nothing is (a read-only document, a selection). */
  readOnly: v.nullable(text(500)),
  /** Start training at once ("Fit"); the fitted values are written back when it stops. */
  fit: v.boolean(),
});
export type BoundModel = v.InferOutput<typeof BoundModelSchema>;

export const BINDING_HOST_MESSAGES = {
  bind: v.object({ type: v.literal('bind'), binding: BoundModelSchema }),
  /** New values typed in the editor (null: unchanged), in the binding's parameter order. */
  boundValues: v.object({
    type: v.literal('boundValues'),
    id: id(),
    values: v.pipe(v.array(v.nullable(finite())), v.maxLength(MAX_PARAMS)),
  }),
  unbound: v.object({ type: v.literal('unbound'), id: id(), reason: text(1000) }),
};

export const BINDING_WEBVIEW_MESSAGES = {
  /** Rewrite the literals to these values; `steps` are the sliders' steps (they choose the decimals). */
  boundEdit: v.object({
    type: v.literal('boundEdit'),
    id: id(),
    values: v.pipe(v.array(finite()), v.maxLength(MAX_PARAMS)),
    steps: v.pipe(v.array(finite()), v.maxLength(MAX_PARAMS)),
    phase: v.picklist(['drag', 'end']),
    /** When the slider moved (the webview's clock, ms), to measure the time to the edit. */
    movedAt: v.optional(finite()),
  }),
  boundStatus: v.object({
    type: v.literal('boundStatus'),
    id: id(),
    lossName: v.picklist(['mae', 'mse']),
    loss: v.nullable(finite()),
    grad: v.pipe(v.array(v.nullable(finite())), v.maxLength(MAX_PARAMS)),
  }),
  unbind: v.object({ type: v.literal('unbind'), id: id() }),
};

type MessageOf<Table extends Record<string, v.GenericSchema>> = { [K in keyof Table]: v.InferOutput<Table[K]> }[keyof Table];
export type BindingHostMessage = MessageOf<typeof BINDING_HOST_MESSAGES>;
export type BindingWebviewMessage = MessageOf<typeof BINDING_WEBVIEW_MESSAGES>;

/** Checks a binding message against its schema: null when it is fine, else the first problem. */
export function bindingProblem(table: Record<string, v.GenericSchema>, raw: Record<string, unknown>): string | null {
  const schema = table[raw.type as string];
  const result = v.safeParse(schema, raw);
  if (result.success) return null;
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${raw.type as string}${path ? `.${path}` : ''}: ${issue.message}`;
}
