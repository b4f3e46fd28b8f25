// The Python that the PyTorch checks run: the first of Debian's /usr/bin/python3 and the PATH's
// python3 that imports torch and numpy, looked for once per process. Where there is none, the
// tests that need it are pending (`this.skip()`, never passed) and the bench's torch rows say
// "missing". Install with `apt-get install -y python3-numpy python3-torch`.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let found: { python: string | null } | undefined;

export function torchPython(): string | null {
  if (!found) {
    found = { python: null };
    for (const python of ['/usr/bin/python3', 'python3']) {
      try {
        execFileSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
        found = { python };
        break;
      } catch {
        // not this one
      }
    }
  }
  return found.python;
}

/** Runs `script` (a Python program's text) as a file in a fresh temporary folder; returns what it printed, line by line. */
export function runPythonScript(python: string, script: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-python-'));
  try {
    const file = path.join(dir, 'script.py');
    fs.writeFileSync(file, script);
    return execFileSync(python, [file], { encoding: 'utf8' }).trim().split('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
