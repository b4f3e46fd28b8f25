// Which of two saved playground states wins: VS Code's copy (kept across a window reload) and the
// host's memory can differ when the workbench did not store the webview's last state in time.
import type { PlaygroundState } from './state';

/** The more recently saved of two states (either may be missing). */
export function newestState(a: PlaygroundState | null, b: PlaygroundState | null): PlaygroundState | null {
  if (!a || !b) return a ?? b;
  return (b.savedAt ?? 0) > (a.savedAt ?? 0) ? b : a;
}
