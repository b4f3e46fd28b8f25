// Reads a CSV file (or a device, a pipe, /dev/stdin) for nn-fit, streaming it through the core
// loader one chunk at a time: a file over the size limit is refused by its size before reading,
// endless input by the bytes read, so memory stays bounded whatever the path holds.
import { closeSync, fstatSync, openSync, readSync } from 'fs';
import { CHUNK_CHARS, CsvOutcome, CsvReadOptions, fileSizeProblem } from '../core/data/csv';
import { CsvReader } from '../core/data/csv-reader';
import { DATA_LIMITS, formatBytes } from '../core/limits';

const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
};

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function readCsvFile(path: string, options: CsvReadOptions = {}): CsvOutcome {
  const limits = options.limits ?? DATA_LIMITS;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { ok: false, error: `Cannot read it: ${WHY[code] ?? code ?? String(error)}.` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, error: 'Cannot read it: it is a folder.' };
    if (stat.isFile()) {
      const tooBig = fileSizeProblem(stat.size, limits);
      if (tooBig) return { ok: false, error: tooBig };
    }
    const reader = new CsvReader(options);
    const decoder = new TextDecoder('utf-8');
    const buffer = new Uint8Array(CHUNK_CHARS);
    let total = 0;
    while (reader.wantsMore) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          sleep(5);
          continue;
        }
        throw error;
      }
      if (n === 0) break;
      total += n;
      if (total > limits.fileBytes) {
        return {
          ok: false,
          error: `It gave more than ${formatBytes(limits.fileBytes)} without ending; the limit is ${formatBytes(limits.fileBytes)}.`,
        };
      }
      reader.push(decoder.decode(buffer.subarray(0, n), { stream: true }));
    }
    reader.push(decoder.decode());
    return reader.finish();
  } catch (error) {
    return { ok: false, error: `Cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` };
  } finally {
    closeSync(fd);
  }
}
