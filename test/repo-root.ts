// The repository's root folder, found from wherever a compiled test runs (out/test/...): the
// nearest folder above that holds package.json. Tests name fixtures and build outputs from it,
// so moving a test file never breaks its paths.
import * as fs from 'fs';
import * as path from 'path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const REPO_ROOT = findRoot(__dirname);
/** A path inside the repository, e.g. fromRoot('test', 'fixtures', 'numpy-golden.json'). */
export const fromRoot = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);
