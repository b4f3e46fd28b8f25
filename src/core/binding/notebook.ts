// Reads a Jupyter notebook file (nbformat 4) into its code cells' source text, for scanning a
// `.ipynb` outside the notebook editor (tests, the CLI); the editor hands over its cells itself.
import { errorMessage, fail, ok, Result } from '../result';

export interface NotebookCode {
  /** The source of each code cell, in order. */
  cells: string[];
  /** Each code cell's index among all the notebook's cells. */
  cellIndex: number[];
  language: string;
}

export type NotebookRead = Result<NotebookCode>;

export function readNotebook(json: string): NotebookRead {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return fail(`not JSON: ${errorMessage(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { cells?: unknown }).cells)) return fail('no "cells" list');
  const nb = raw as { cells: unknown[]; metadata?: { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } } };
  const language = String(nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'python');
  const cells: string[] = [];
  const cellIndex: number[] = [];
  nb.cells.forEach((cell, index) => {
    if (typeof cell !== 'object' || cell === null) return;
    const { cell_type: type, source } = cell as { cell_type?: unknown; source?: unknown };
    if (type !== 'code') return;
    const text = Array.isArray(source) ? source.filter((s) => typeof s === 'string').join('') : typeof source === 'string' ? source : '';
    cells.push(text);
    cellIndex.push(index);
  });
  return ok({ cells, cellIndex, language });
}
