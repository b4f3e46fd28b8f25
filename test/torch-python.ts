// The Python that has PyTorch (and NumPy), for the tests that run exported scripts in real torch:
// Debian's /usr/bin/python3 with python3-torch, else the PATH's python3; null where neither has it
// (those tests are then pending, not passed).
import { execFileSync } from 'node:child_process';

let found: string | null | undefined;

export function torchPython(): string | null {
  if (found !== undefined) return found;
  found = null;
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
      found = python;
      break;
    } catch {
      // the next one
    }
  }
  return found;
}
