// The webview's side of the protocol: VS Code's API (or a test page's stand-in), with every
// incoming message validated and every outgoing one typed.
import { errorMessage } from '../src/core/result';
import { HostMessage, validateHostMessage, WebviewMessage } from '../src/protocol/messages';
import { PlaygroundState, validateState } from '../src/protocol/state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api: VsCodeApi;

  constructor() {
    this.api = acquireVsCodeApi();
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message });
  }

  /** Calls `handler` with each valid message from the host; malformed ones are logged and dropped. */
  listen(handler: (message: HostMessage) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
      const checked = validateHostMessage(event.data);
      if (!checked.ok) {
        console.warn(checked.error);
        this.log('warn', `Ignored a message from the host: ${checked.error}`);
        return;
      }
      try {
        handler(checked.value);
      } catch (error) {
        console.error(error);
        this.log('error', `Handling "${checked.value.type}" failed: ${errorMessage(error, { stack: true })}`);
      }
    });
  }

  /**
   * The state VS Code kept for this webview (an older version migrated), or why it cannot be used.
   * A refused one stays in VS Code's keeping: only a later `saveState` replaces it.
   */
  savedState(): { state: PlaygroundState | null; problem: string | null } {
    const raw = this.api.getState();
    if (raw === undefined || raw === null) return { state: null, problem: null };
    const checked = validateState(raw);
    if (checked.ok) return { state: checked.value, problem: null };
    this.log('warn', `Keeping the saved state, which cannot be restored: ${checked.error}`);
    return { state: null, problem: checked.error };
  }

  saveState(state: PlaygroundState): void {
    const stamped = { ...state, savedAt: Date.now() };
    this.api.setState(stamped);
    this.post({ type: 'state', state: stamped });
  }
}
