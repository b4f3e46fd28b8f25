// Every size limit the project enforces, defined once: the CLI, the host and the webview all read
// these, and every refusal names the limit it hit (with formatBytes for sizes).

/** What a data file (CSV/TSV) may be: checked before reading (size) and while streaming (rows, columns). */
export const DATA_LIMITS = {
  /** Bytes in the file; a bigger file is refused by its size before any of it is read. */
  fileBytes: 256 * 1024 * 1024,
  /** Data rows (records after the header, used or skipped). */
  rows: 1_000_000,
  /** Fields in one row. */
  columns: 1000,
  /** Characters in one row (a quote that is never closed would otherwise swallow the file). */
  rowChars: 1024 * 1024,
} as const;

export type DataLimits = { [K in keyof typeof DATA_LIMITS]: number };

/** Data sets up to this many points are kept in the saved state (a reload restores them without the file). */
export const SAVED_POINTS_LIMIT = 20_000;

/** The fit chart draws at most this many data marks; larger data sets are drawn as a random sample. */
export const CHART_POINTS_LIMIT = 4000;

/** "1.5 MB", "2.0 GB", "812 bytes": sizes in messages, with binary multiples as VS Code shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** 1,000,000: counts in messages. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
