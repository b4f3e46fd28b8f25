// Rows that were not used, counted by reason and column with the first example of each, and the
// one sentence that tells the user: "1,204 of 50,000 rows skipped: text in column "y", e.g. row 17: 'n/a'".
import { formatCount } from '../limits';
import type { CellProblem } from './csv-cells';

export interface SkipGroup {
  problem: CellProblem;
  column: string;
  count: number;
  /** The first such row: its row number in the file (the header is row 1) and the cell's text. */
  example: { row: number; text: string };
}

const WHAT: Record<CellProblem, string> = {
  text: 'text in column',
  empty: 'an empty cell in column',
  notFinite: 'a number that is not finite (NaN, Infinity or too large) in column',
  missing: 'too few fields (another delimiter?) for column',
};

const EXAMPLE_CHARS = 40;

export class SkipTally {
  private readonly groups = new Map<string, SkipGroup>();
  total = 0;

  add(problem: CellProblem, column: string, row: number, text: string): void {
    this.total++;
    const key = `${problem}\u0000${column}`;
    const group = this.groups.get(key);
    if (group) group.count++;
    else
      this.groups.set(key, {
        problem,
        column,
        count: 1,
        example: { row, text: text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS)}…` : text },
      });
  }

  list(): SkipGroup[] {
    return [...this.groups.values()];
  }
}

function describe(group: SkipGroup, withCount: boolean): string {
  const count = withCount ? `${formatCount(group.count)} with ` : '';
  return `${count}${WHAT[group.problem]} "${group.column}", e.g. row ${formatCount(group.example.row)}: '${group.example.text}'`;
}

/** "" when nothing was skipped; else one sentence naming every reason (up to 3) with an example. */
export function describeSkips(groups: readonly SkipGroup[], rows: number): string {
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  if (total === 0) return '';
  const shown = groups.slice(0, 3).map((g) => describe(g, groups.length > 1));
  const more = groups.length > 3 ? `; and ${groups.length - 3} more reasons` : '';
  return `${formatCount(total)} of ${formatCount(rows)} rows skipped: ${shown.join('; ')}${more}`;
}
