// Every source file opens with a comment saying what it owns (RULES: "a header comment on every
// file"): TypeScript, JavaScript, CSS and Python under src/, webview/, test/, bench/ and scripts/,
// after a #! line where there is one. A new file without one fails here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../../repo-root';

const FOLDERS = ['src', 'webview', 'test', 'bench', 'scripts'];
const SOURCE = /\.(ts|js|mjs|css|py)$/;

function sources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The first line that is not a #! line or blank, which must open a comment or a docstring. */
function opensWithComment(text: string): boolean {
  const first = text.split('\n').find((line, i) => !(i === 0 && line.startsWith('#!')) && line.trim() !== '') ?? '';
  return /^\s*(\/\/|\/\*|#|""")/.test(first);
}

describe('every source file has a header comment', () => {
  it('src, webview, test, bench and scripts', () => {
    const files = FOLDERS.flatMap((folder) => sources(fromRoot(folder)));
    assert.ok(files.length > 300, `found only ${files.length} files`);
    const without = files.filter((file) => !opensWithComment(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(fromRoot(), file));
    assert.deepEqual(without, []);
  });

  it('a file that opens with code is caught', () => {
    assert.equal(opensWithComment("import * as fs from 'fs';\n// later\n"), false);
    assert.equal(opensWithComment('#!/usr/bin/env node\n\n// What this script does.\n'), true);
    assert.equal(opensWithComment('#!/usr/bin/env python3\n"""What this script does."""\n'), true);
  });
});
