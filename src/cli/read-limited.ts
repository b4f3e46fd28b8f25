// Reads a file for nn-fit's --data without ever holding more than a limit: a regular file is
// refused by its size before reading; anything else (/dev/zero, a FIFO, a pipe) is read in
// chunks and refused as soon as it passes the limit.
import { closeSync, fstatSync, openSync, readSync } from 'fs';

export class TooLargeError extends Error {}

const CHUNK = 1 << 20;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}

/** The file's text (UTF-8), or a TooLargeError naming the limit; other errors are fs errors. */
export function readTextLimited(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > limit) {
      throw new TooLargeError(`the file is ${megabytes(stat.size)}; the limit is ${megabytes(limit)} (${limit} bytes)`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const read = readSync(fd, chunk, 0, CHUNK, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw new TooLargeError(`it gave more than ${megabytes(limit)} (${limit} bytes), the limit; stopped reading`);
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
