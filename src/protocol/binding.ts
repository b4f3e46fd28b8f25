// The messages of a slider binding: the host binds the playground to numbers in the user's code
// (`bind`), tells it when the code's numbers change (`boundValues`) or the binding ends
// (`unbound`); the webview asks for literals to be rewritten (`boundEdit`, one undo step per
// `drag` … `end`), reports the loss and gradient shown beside the literals (`boundStatus`), and
// can let go (`unbind`). One valibot schema per message; messages.ts joins the tables.
import * as v from 'valibot';
import { LOSS_NAMES } from '../core/eval/loss';
import { LIMITS } from '../core/limits';
import { finite, literal, oneOf, text, whole } from './check';

const id = () => whole(0, Number.MAX_SAFE_INTEGER);
const list = <T extends v.GenericSchema>(item: T) =>
  v.pipe(v.array(item, 'must be a list'), v.maxLength(LIMITS.params, `has more than ${LIMITS.params} entries`));

export const BoundParamSchema = v.object({
  /** The parameter's name in the formula: the slider's name. */
  name: v.pipe(text(LIMITS.labelChars), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a formula name')),
  value: finite(),
  /** False for a computed argument (`a0*2`) or a read-only document: shown, never written. */
  writable: v.boolean('must be true or false'),
  /** The argument's source text. */
  source: text(LIMITS.labelChars),
});
export type BoundParam = v.InferOutput<typeof BoundParamSchema>;

export const BoundModelSchema = v.object({
  /** Each binding's number; messages about an older binding are ignored. */
  id: id(),
  kind: oneOf(['call', 'interact', 'tensor', 'plot', 'selection']),
  formula: text(LIMITS.formulaChars),
  params: list(BoundParamSchema),
  /** Where it is bound: `lesson.py:25`, `lesson.ipynb, cell 9, line 1`. */
  place: text(LIMITS.nameChars),
  /** The bound source, shortened: `quad(3, 2, 1, 1.5)`. */
  label: text(LIMITS.nameChars),
  /** Why nothing is written back, when nothing is (a read-only document, a selection). */
  readOnly: v.nullable(text(LIMITS.nameChars)),
  /** Start training at once ("Fit"); the fitted values are written back when it stops. */
  fit: v.boolean('must be true or false'),
});
export type BoundModel = v.InferOutput<typeof BoundModelSchema>;

export const BINDING_HOST_MESSAGES = {
  bind: v.object({ type: literal('bind'), binding: BoundModelSchema }),
  /**
   * The bound code changed: new values typed in the editor (null: unchanged), in the binding's
   * parameter order, and the bound source as it reads now (after the editor's or the sliders' writes).
   */
  boundValues: v.object({
    type: literal('boundValues'),
    id: id(),
    values: list(v.nullable(finite())),
    label: v.optional(text(LIMITS.nameChars)),
  }),
  unbound: v.object({ type: literal('unbound'), id: id(), reason: text(LIMITS.nameChars) }),
};

export const BINDING_WEBVIEW_MESSAGES = {
  /** Rewrite the literals to these values; `steps` are the sliders' steps (they choose the decimals). */
  boundEdit: v.object({
    type: literal('boundEdit'),
    id: id(),
    values: list(finite()),
    steps: list(finite()),
    phase: oneOf(['drag', 'end']),
    /** When the slider moved (ms since 1970), to measure the time to the edit. */
    movedAt: v.optional(finite()),
  }),
  boundStatus: v.object({
    type: literal('boundStatus'),
    id: id(),
    lossName: oneOf(LOSS_NAMES),
    loss: v.nullable(finite()),
    grad: list(v.nullable(finite())),
  }),
  unbind: v.object({ type: literal('unbind'), id: id() }),
};

type MessageOf<Table extends Record<string, v.GenericSchema>> = { [K in keyof Table]: v.InferOutput<Table[K]> }[keyof Table];
export type BindingWebviewMessage = MessageOf<typeof BINDING_WEBVIEW_MESSAGES>;
