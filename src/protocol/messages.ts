// The messages between the extension host and the playground webview, one valibot schema per
// message type (the types come from the same schemas). Every message that crosses the boundary is
// checked by `validateHostMessage` or `validateWebviewMessage`; a malformed one is reported, not
// trusted, and neither validator throws, whatever arrives.
import * as v from 'valibot';
import { BINDING_HOST_MESSAGES, BINDING_WEBVIEW_MESSAGES } from './binding';
import { LIMITS } from '../core/limits';
import { errorMessage, Result } from '../core/result';
import { CHAPTER_IDS } from './lesson';
import { OpenRequestSchema } from './open-request';
import { checkWith, finite, isPlainRecord, literal, oneOf, Schema, text } from './check';
import { UserSettingsSchema } from './settings';
import { PlaygroundStateSchema } from './state';

/** The panel's identity in VS Code: its view type (for the serializer) and its title. */
export const VIEW_TYPE = 'nnDeepDive.playground';
export const PANEL_TITLE = 'Neural Net Deep Dive';

export { OpenRequestSchema, validateOpenRequest, type OpenRequest } from './open-request';

/**
 * A file's bytes as they reach the webview: a Uint8Array, or an ArrayBuffer, made in this frame or
 * another (VS Code's workbench rebuilds a posted Uint8Array in its own frame before handing it to
 * the panel's, where `instanceof Uint8Array` is false); always a Uint8Array of this frame after.
 */
const FILE_BYTES = v.pipe(
  v.custom<ArrayBuffer | ArrayBufferView>(
    (input) => ArrayBuffer.isView(input) || Object.prototype.toString.call(input) === '[object ArrayBuffer]',
    'must be bytes (a Uint8Array or an ArrayBuffer)',
  ),
  v.transform((input): Uint8Array =>
    ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input),
  ),
);

const HOST_MESSAGES = {
  ...BINDING_HOST_MESSAGES,
  init: v.object({
    type: literal('init'),
    settings: UserSettingsSchema,
    state: v.nullable(PlaygroundStateSchema),
    request: v.nullable(OpenRequestSchema),
  }),
  open: v.object({ type: literal('open'), request: OpenRequestSchema }),
  /** Open this lesson chapter (the Lesson tree view): as the learner left it, or with the lesson's values. */
  openChapter: v.object({ type: literal('openChapter'), chapter: oneOf(CHAPTER_IDS) }),
  settings: v.object({ type: literal('settings'), settings: UserSettingsSchema }),
  csv: v.object({ type: literal('csv'), name: text(LIMITS.nameChars), text: text(LIMITS.textChars) }),
  /** A data file's bytes for the webview to parse: `new` (Load Data: preview, pick columns) or `reload` (same columns). */
  dataFile: v.object({
    type: literal('dataFile'),
    purpose: oneOf(['new', 'reload']),
    name: text(LIMITS.nameChars),
    path: v.nullable(text(LIMITS.pathChars)),
    bytes: FILE_BYTES,
    mtime: finite(),
  }),
  /** A data file that could not be read (too big, missing); nothing loaded changes. */
  dataFileRefused: v.object({
    type: literal('dataFileRefused'),
    purpose: oneOf(['new', 'reload']),
    name: text(LIMITS.nameChars),
    path: v.nullable(text(LIMITS.pathChars)),
    error: text(LIMITS.messageChars),
  }),
  /** The file behind the loaded data changed on disk or was deleted. */
  dataFileChanged: v.object({ type: literal('dataFileChanged'), path: text(LIMITS.pathChars), change: oneOf(['changed', 'deleted']) }),
  /** A saveImage or saveText was written: `label` as asked (CHART_LABEL for an image), `where` the file as the workspace names it. */
  saved: v.object({ type: literal('saved'), label: text(LIMITS.labelChars), where: text(LIMITS.pathChars) }),
};

/** What a saved chart image is called in the `saved` message (a saveText names its own label). */
export const CHART_LABEL = 'the chart';

const WEBVIEW_MESSAGES = {
  ...BINDING_WEBVIEW_MESSAGES,
  ready: v.object({ type: literal('ready') }),
  /** The chapter the panel shows now (null: none, e.g. the learner's own formula), for the Lesson tree's mark. */
  chapterShown: v.object({ type: literal('chapterShown'), chapter: v.nullable(oneOf(CHAPTER_IDS)) }),
  state: v.object({ type: literal('state'), state: PlaygroundStateSchema }),
  copy: v.object({ type: literal('copy'), text: text(LIMITS.textChars), label: text(LIMITS.labelChars) }),
  openCode: v.object({ type: literal('openCode'), code: text(LIMITS.textChars), language: literal('python') }),
  saveImage: v.object({
    type: literal('saveImage'),
    format: oneOf(['png', 'svg']),
    data: text(LIMITS.textChars),
    name: v.pipe(text(LIMITS.labelChars), v.regex(/^[\w .-]+$/, 'must be a plain file name')),
  }),
  pickCsv: v.object({ type: literal('pickCsv') }),
  /** Read this data file again (after a reload, or "reload" when it changed); answered by dataFile or dataFileRefused. */
  readDataFile: v.object({ type: literal('readDataFile'), path: text(LIMITS.pathChars) }),
  /** Save text (a CSV export) to a file the user picks. */
  saveText: v.object({
    type: literal('saveText'),
    name: v.pipe(text(LIMITS.labelChars), v.regex(/^[\w .()-]+$/, 'must be a plain file name')),
    text: text(LIMITS.textChars),
    label: text(LIMITS.labelChars),
  }),
  log: v.object({ type: literal('log'), level: oneOf(['info', 'warn', 'error']), message: text(LIMITS.logLineChars) }),
  /** Open the file saved last (the Open button beside the page's "Saved …" line). */
  openSaved: v.object({ type: literal('openSaved') }),
};

type MessageOf<Table extends Record<string, Schema>> = { [K in keyof Table]: v.InferOutput<Table[K]> }[keyof Table];
export type HostMessage = MessageOf<typeof HOST_MESSAGES>;
export type WebviewMessage = MessageOf<typeof WEBVIEW_MESSAGES>;

/** `"name"` for a string, else what kind of value it is (a BigInt or a Symbol cannot be JSON). */
function describeType(type: unknown): string {
  return typeof type === 'string' ? JSON.stringify(type.slice(0, 50)) : `of kind ${type === null ? 'null' : typeof type}`;
}

function validate<T>(table: Record<string, Schema>, raw: unknown, side: string): Result<T> {
  try {
    if (!isPlainRecord(raw)) return { ok: false, error: `${side} message is not an object` };
    const type = raw.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
      return { ok: false, error: `unknown ${side} message type ${describeType(type)}` };
    }
    const checked = checkWith(table[type], raw, type);
    return checked.ok ? { ok: true, value: checked.value as T } : { ok: false, error: `malformed ${side} message: ${checked.error}` };
  } catch (error) {
    return { ok: false, error: `${side} message could not be read (${errorMessage(error)})` };
  }
}

/** Checks a message that the host sent to the webview. */
export function validateHostMessage(raw: unknown): Result<HostMessage> {
  return validate<HostMessage>(HOST_MESSAGES, raw, 'host');
}

/** Checks a message that the webview sent to the host. */
export function validateWebviewMessage(raw: unknown): Result<WebviewMessage> {
  return validate<WebviewMessage>(WEBVIEW_MESSAGES, raw, 'webview');
}
