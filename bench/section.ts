// A part of the bench that measures something other than training steps per second (data-file
// loading, slider → redraw, the workbench's command → panel time): it runs after the engines,
// prints its own lines and stores its figures in bench/results.json under its name. A new bench
// file exports one of these and is listed in bench/sections.ts; `--skip=<name>` leaves it out.
import type { RanOn } from './ran-on';

export interface SectionResult {
  /** Lines printed after the engines' table (a table of its own). */
  text: string;
  /** What bench/results.json keeps under the section's name. */
  json: unknown;
  /** What the figures ran on (the load when they were taken). */
  ranOn: RanOn;
}

export interface BenchSection {
  name: string;
  /** Printed before it runs. */
  title: string;
  /** Which half of the bench it belongs to (--node-only / --browser-only). */
  side: 'node' | 'browser';
  run(): Promise<SectionResult>;
}
