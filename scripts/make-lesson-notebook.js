// Writes sandbox-workspace/lesson.ipynb from sandbox-workspace/lesson.py: the same code as a real
// nbformat 4 notebook, one cell per blank-line-separated block (comment-only blocks become
// markdown), as the lesson's notebook is laid out. Run: node scripts/make-lesson-notebook.js
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = fs.readFileSync(path.join(root, 'sandbox-workspace', 'lesson.py'), 'utf8');
const blocks = source
  .split(/\n\s*\n/)
  .map((block) => block.replace(/\s+$/, ''))
  .filter((block) => block.trim());

const lines = (text) => text.split('\n').map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));
const cells = blocks.map((block) => {
  const commentOnly = block.split('\n').every((line) => /^\s*#/.test(line));
  if (commentOnly) {
    const text = block
      .split('\n')
      .map((line) => line.replace(/^\s*# ?/, ''))
      .join('\n');
    return { cell_type: 'markdown', metadata: {}, source: lines(text) };
  }
  return { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines(block) };
});

const notebook = {
  cells,
  metadata: {
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python', pygments_lexer: 'ipython3' },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
for (const [i, cell] of notebook.cells.entries()) cell.id = `cell-${String(i).padStart(2, '0')}`;
fs.writeFileSync(path.join(root, 'sandbox-workspace', 'lesson.ipynb'), JSON.stringify(notebook, null, 1) + '\n');
console.log(`wrote ${cells.length} cells`);
