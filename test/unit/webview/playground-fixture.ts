// The webview's real controller (webview/app/playground.ts) as the unit tests drive it in Node:
// the host's settings, a Playground with a recording persistence and its notices, a restore done
// the way the page's entry point does it, and the wait for a debounced save.
import { PlaygroundState, validateState } from '../../../src/protocol/state';
import { Notice, Playground } from '../../../webview/app/playground';

export const HOST_SETTINGS = { backend: 'cpu', stepsPerFrame: 10, learningRate: 0.01 } as const;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the controller's save delay (250 ms when idle). */
export const SAVE_SETTLES = 320;

/** A Playground that records every state it saves and every notice it shows. */
export function open(): { playground: Playground; saves: PlaygroundState[]; notices: (Notice | null)[] } {
  const saves: PlaygroundState[] = [];
  const notices: (Notice | null)[] = [];
  const playground = new Playground(HOST_SETTINGS, { save: (state) => saves.push(state) });
  playground.events.on('notice', (notice) => notices.push(notice));
  return { playground, saves, notices };
}

/** Restores `raw` the way the webview's entry point does: validated first, refused ones kept. */
export function restore(playground: Playground, raw: unknown): void {
  const checked = validateState(raw);
  playground.restore(checked.ok ? checked.value : null, checked.ok ? null : checked.error);
}
