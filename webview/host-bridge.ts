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

  /** The state VS Code kept for this webview, if it is a valid one. */
  savedState(): PlaygroundState | null {
    const raw = this.api.getState();
    if (raw === undefined || raw === null) return null;
    const checked = validateState(raw);
    if (!checked.ok) this.log('warn', `Ignoring the saved state: ${checked.error}`);
    return checked.ok ? checked.value : null;
  }

  saveState(state: PlaygroundState): void {
    const stamped = { ...state, savedAt: Date.now() };
    this.api.setState(stamped);
    this.post({ type: 'state', state: stamped });
  }
}
