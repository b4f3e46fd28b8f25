// When the playground's state is written to its Persistence (VS Code keeps it across reloads, the
// host for "Open Playground"): soon after a change (later while training), or at once; and never
// over a saved state that could not be restored until the user changes something.
import type { PlaygroundState } from '../../src/protocol/state';

export interface Persistence {
  save(state: PlaygroundState): void;
}

/** How long a change waits before it is saved, idle and while training. */
const SAVE_DELAY_MS = { idle: 250, training: 1000 };

export class StateSaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * True while a saved state that could not be restored is kept as VS Code and the host hold it:
   * nothing is saved over it until the user changes something here (a restore or a host setting
   * does not count).
   */
  private keepingSaved = false;
  private restoring = false;

  constructor(
    private readonly persistence: Persistence,
    private readonly current: () => PlaygroundState,
    private readonly training: () => boolean,
  ) {}

  /** Runs `restore` (which loads a state, saving as it goes) as a restore, not a user change. */
  duringRestore(restore: () => void, keepSaved: boolean): void {
    if (keepSaved) this.keepingSaved = true;
    this.restoring = true;
    try {
      restore();
    } finally {
      this.restoring = false;
    }
  }

  /** Saves soon (or now); `automatic` marks a change the user did not make here (a host setting). */
  save(now = false, automatic = false): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.keepingSaved && (automatic || this.restoring)) return;
    this.keepingSaved = false;
    const write = () => {
      this.timer = null;
      this.persistence.save(this.current());
    };
    if (now) write();
    else this.timer = setTimeout(write, this.training() ? SAVE_DELAY_MS.training : SAVE_DELAY_MS.idle);
  }
}
