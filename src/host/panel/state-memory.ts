// The host's memory of the last playground state, for "Open Playground" in a later session.
import * as vscode from 'vscode';
import { PlaygroundState, validateState } from '../../protocol/state';

const KEY = 'nnDeepDive.lastState';
/** States bigger than this (a large CSV) are not written to VS Code's storage. */
const MAX_STORED_CHARS = 4_000_000;

export class StateMemory {
  constructor(
    private readonly storage: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(): PlaygroundState | null {
    const raw = this.storage.get<unknown>(KEY);
    if (raw === undefined) return null;
    const checked = validateState(raw);
    if (checked.ok) return checked.value;
    this.log.warn(`Ignoring the stored playground state: ${checked.error}`);
    return null;
  }

  async remember(state: PlaygroundState): Promise<void> {
    const size = JSON.stringify(state).length;
    if (size > MAX_STORED_CHARS) {
      this.log.info(`Not storing a playground state of ${size} characters (the data set is large).`);
      return;
    }
    await this.storage.update(KEY, state);
  }
}
