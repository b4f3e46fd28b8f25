// Everything user-controlled that the PyTorch export writes goes through here: text as a Python
// string literal with every character outside printable ASCII escaped (so a file name with a
// newline cannot end a comment and start a line of code), and parameter names that Python
// would refuse or that would shadow what the script uses, renamed.

/** A Python string literal for any text: printable ASCII as is (quotes and backslashes escaped), the rest as \x, \u, \U escapes. */
export function pyString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code < 0x10000) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += '\\U' + code.toString(16).padStart(8, '0');
  }
  return out + "'";
}

/** Text that is safe after `# ` on one line: quoted and escaped as a Python string literal when it is not plain printable ASCII. */
export function pyCommentText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : pyString(text);
}

/** Python's keywords (hard ones: soft keywords such as `match` are fine as names). */
export const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** Names the exported script itself uses, which a parameter must not shadow. */
const SCRIPT_NAMES = new Set([
  'torch',
  'np',
  'math',
  'x',
  'x1',
  'x2',
  'y',
  'params',
  'model',
  'f',
  'noise',
  'add_noise',
  'mae',
  'mse',
  'loss_fn',
  'loss',
  'i',
  'xy',
  'print',
  'range',
  'min',
  'float',
]);

/**
 * Python names for the parameters, in order: a keyword or a name the script uses gets underscores
 * appended (`lambda` → `lambda_`) until it is free; `renamed` lists what changed, for a comment.
 */
export function pythonNames(names: readonly string[]): { names: string[]; renamed: [string, string][] } {
  const taken = new Set(names);
  const renamed: [string, string][] = [];
  const out = names.map((name) => {
    if (!PYTHON_KEYWORDS.has(name) && !SCRIPT_NAMES.has(name)) return name;
    let candidate = `${name}_`;
    while (taken.has(candidate) || PYTHON_KEYWORDS.has(candidate) || SCRIPT_NAMES.has(candidate)) candidate += '_';
    taken.add(candidate);
    renamed.push([name, candidate]);
    return candidate;
  });
  return { names: out, renamed };
}
