// Reading and writing plain objects keyed by user-chosen names (parameter names, --init pairs)
// without Object.prototype showing through: `record['constructor']` is Object itself and
// `record['__proto__'] = v` replaces the prototype, so every such access goes through here.

/** The record's own value for `key`, or undefined (never an inherited member such as `toString`). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as the record's own property, even where the name is `__proto__`. */
export function setOwnValue<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
