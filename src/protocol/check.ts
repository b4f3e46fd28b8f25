// The small valibot vocabulary the protocol's schemas are written in (finite numbers, whole
// numbers in a range, bounded text and lists, [min, max] pairs, rules from src/core), and the one
// way a schema is run: `checkWith` never throws, whatever arrives (a BigInt, a cycle, a getter
// that throws, a Proxy), and names the first wrong field in a message a person can read.
import * as v from 'valibot';
import { errorMessage, Result } from '../core/result';

/** A message-carrying schema: the output type is what the rest of the code sees. */
export type Schema<T = unknown> = v.GenericSchema<unknown, T>;

export const finite = (what = 'a finite number') => v.pipe(v.number(`must be ${what}`), v.finite(`must be ${what}`));

export const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
};

export const text = (max: number) =>
  v.pipe(v.string('must be a string'), v.maxLength(max, `is longer than ${max.toLocaleString('en-US')} characters`));

export const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, `must be one of ${options.join(', ')}`);

export const literal = <const T extends string | number>(value: T) => v.literal(value, `must be ${JSON.stringify(value)}`);

/**
 * A list of finite numbers, at most `max` long, given back as a fresh array. Written as one loop
 * rather than a schema per item: a saved CSV of a million points is checked in milliseconds.
 */
export const numbers = (max: number) =>
  v.pipe(
    v.custom<unknown[]>((input) => Array.isArray(input), 'must be a list of numbers'),
    v.check((input) => input.length <= max, `has more than ${max.toLocaleString('en-US')} values`),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const out = new Array<number>(input.length);
      for (let i = 0; i < input.length; i++) {
        const item = input[i];
        if (typeof item !== 'number' || !Number.isFinite(item)) {
          addIssue({ message: 'must be a finite number', path: [{ type: 'array', origin: 'value', input, key: i, value: item }] });
          return NEVER;
        }
        out[i] = item;
      }
      return out;
    }),
  );

/** `[min, max]` with min < max. */
export const pair = () =>
  v.pipe(
    v.tuple([finite(), finite()], 'must be [min, max]'),
    v.check(([min, max]) => min < max, 'must be [min, max] with min < max'),
  );

/** An object whose values all pass `value`, with at most `max` keys. */
export const recordOf = <T>(value: Schema<T>, max: number) =>
  v.pipe(
    v.custom<Record<string, unknown>>((input) => isPlainRecord(input), 'must be an object'),
    v.check((input) => Object.keys(input).length <= max, `has more than ${max} entries`),
    v.record(v.string(), value, 'must be an object'),
  );

/**
 * A rule from src/core (it returns a problem or null) as a schema step: the schema and the code
 * that enforces the rule elsewhere (the CLI, the UI) share one definition and one message.
 */
export const rule = <T>(problem: (value: T) => string | null) =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const found = problem(dataset.value);
    if (found) addIssue({ message: found });
  });

export const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The words for an issue a schema gave no message of its own. */
function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.expected?.startsWith('"')) return 'is missing';
  if (issue.type === 'object' || issue.type === 'variant' || issue.type === 'record') return 'must be an object';
  if (issue.type === 'array' || issue.type === 'tuple') return 'must be a list';
  return `must be ${issue.expected ?? 'something else'}`;
}

/** `a.b[2].c` for a valibot issue's path, under `root`. */
function pathOf(root: string, issue: v.BaseIssue<unknown>): string {
  let path = root;
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    path += typeof key === 'number' ? `[${key}]` : typeof key === 'string' ? (path ? `.${key}` : key) : '';
  }
  return path;
}

/**
 * Runs `schema` on `raw` and gives its output (a fresh copy holding only the known fields) or the
 * first problem, as `root.field.sub: must be …`. Never throws: anything that escapes the schema
 * (a getter or Proxy trap that throws, a value JSON cannot carry) becomes an error too.
 */
export function checkWith<T>(schema: Schema<T>, raw: unknown, root: string): Result<T> {
  try {
    const result = v.safeParse(schema, raw, { abortEarly: true, message: plainMessage });
    if (result.success) return { ok: true, value: result.output };
    const issue = result.issues[0];
    return { ok: false, error: `${pathOf(root, issue)}: ${issue.message}` };
  } catch (error) {
    return { ok: false, error: `${root} could not be read (${errorMessage(error)})` };
  }
}
