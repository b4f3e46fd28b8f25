// The playground webview's entry point: waits for the host's `init`, then builds the page around
// one Playground and routes the host's later messages to it.
import { errorMessage } from '../src/core/result';
import { newestState } from '../src/protocol/merge';
import type { HostMessage } from '../src/protocol/messages';
import type { PlaygroundState } from '../src/protocol/state';
import { Playground } from './app/playground';
import { withRequest } from './app/state';
import { buildLayout } from './controls/layout';
import { Host } from './host-bridge';
import { registerToolkit } from './ui/toolkit';

const host = new Host();
let playground: Playground | null = null;

function start(message: Extract<HostMessage, { type: 'init' }>): void {
  registerToolkit();
  const root = document.getElementById('app')!;
  const app = new Playground(message.settings, { save: (state) => host.saveState(state) });
  playground = app;
  buildLayout(root, app, host, () => {
    document.body.dataset.ready = 'true';
    root.removeAttribute('aria-busy');
  });
  const own = host.savedState();
  const saved: PlaygroundState | null = newestState(message.state, own.state);
  if (message.request) app.load(withRequest(saved ?? app.state, message.request));
  else app.restore(saved, saved ? null : own.problem);
}

function shortcuts(event: KeyboardEvent): void {
  if (!playground || !event.altKey || event.ctrlKey || event.metaKey) return;
  const key = event.key.toLowerCase();
  if (key === 't') playground.toggleTraining();
  else if (key === 's') void playground.step();
  else if (key === 'r') void playground.reset();
  else return;
  event.preventDefault();
}

host.listen((message) => {
  if (message.type === 'init') {
    if (!playground) start(message);
    return;
  }
  if (!playground) return;
  switch (message.type) {
    case 'open':
      return playground.openRequest(message.request);
    case 'settings':
      return playground.applySettings(message.settings);
    case 'csv':
      return playground.loadCsv(message.name, message.text);
  }
});
window.addEventListener('keydown', shortcuts);
window.addEventListener('error', (event) => host.log('error', `${event.message} (${event.filename}:${event.lineno})`));
window.addEventListener('unhandledrejection', (event) => host.log('error', `Unhandled: ${errorMessage(event.reason, { stack: true })}`));
host.post({ type: 'ready' });
