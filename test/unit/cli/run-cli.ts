// How the CLI tests run nn-fit: in process through main() (expecting exit code 0), or as the
// user runs it, a Node process on the built out/src/cli/nn-fit.js; and the check that a bad
// input is refused as the CLI promises (exit code 2, one line on stderr, nothing on stdout).
import * as assert from 'node:assert/strict';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { main } from '../../../src/cli/nn-fit';
import { fromRoot } from '../../repo-root';

/** The built CLI, as `node out/src/cli/nn-fit.js` runs it. */
export const CLI = fromRoot('out', 'src', 'cli', 'nn-fit.js');

/** nn-fit in this process: the lines it prints; fails the test unless it exits 0. */
export async function runInProcess(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  assert.equal(await main(args, (line) => lines.push(line)), 0, `exit code for ${args.join(' ')}`);
  return lines;
}

/** nn-fit as its own process (64 MiB of output at most). */
export function runProcess(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Fails unless nn-fit refuses `args` with exit code 2 and one line on stderr matching `message`, printing nothing else. */
export function refused(args: string[], message: RegExp): void {
  const result = runProcess(args);
  assert.equal(result.status, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.match(result.stderr, message);
  assert.equal(result.stdout, '', `nothing on stdout for ${args.join(' ')}`);
}
