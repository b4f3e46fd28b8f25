// The playground webview's entry point: waits for the host's `init`, then builds the page around
// one Playground and routes the host's later messages to it.
import { fileSizeProblem } from '../src/core/data/csv';
import { errorMessage } from '../src/core/result';
import { newestState } from '../src/protocol/merge';
import type { HostMessage } from '../src/protocol/messages';
import type { PlaygroundState } from '../src/protocol/state';
import { BoundMode } from './app/binding';
import { Playground } from './app/playground';
import { DataImport } from './data/data-import';
import { buildLayout, Layout } from './controls/layout';
import { Host } from './host-bridge';
import { reportChapters } from './lesson/chapter-report';
import { installKeyboard } from './ui/keys';
import { registerToolkit } from './ui/toolkit';

const host = new Host();
let playground: Playground | null = null;
let bound: BoundMode | null = null;
let imports: DataImport | null = null;
let layout: Layout | null = null;

function start(message: Extract<HostMessage, { type: 'init' }>): void {
  registerToolkit();
  const root = document.getElementById('app')!;
  const app = new Playground(message.settings, { save: (state) => host.saveState(state) });
  playground = app;
  imports = new DataImport(app);
  app.events.on('dataNeeded', (data) => {
    if (data.path) host.post({ type: 'readDataFile', path: data.path });
    else
      app.events.emit('notice', {
        kind: 'warning',
        text: `${data.name} had too many points to keep across a reload: drop or load it again.`,
      });
  });
  layout = buildLayout(root, app, host, imports, () => {
    document.body.dataset.ready = 'true';
    root.removeAttribute('aria-busy');
  });
  bound = new BoundMode(app, host);
  root.prepend(bound.bar);
  const own = host.savedState();
  const saved: PlaygroundState | null = newestState(message.state, own.state);
  if (message.request) {
    // A command: its own setup, on top of what was saved (so chapters the learner left are remembered).
    if (saved) app.restore(saved);
    app.openRequest(message.request);
  } else app.restore(saved, saved ? null : own.problem);
  reportChapters(app, (m) => host.post(m));
}

host.listen((message) => {
  if (message.type === 'init') {
    if (!playground) start(message);
    return;
  }
  if (!playground) return;
  if (bound?.handle(message)) return;
  switch (message.type) {
    case 'open':
      return playground.openRequest(message.request);
    case 'openChapter':
      return playground.chooseChapter(message.chapter);
    case 'settings':
      return playground.applySettings(message.settings);
    case 'csv':
      return playground.loadCsv(message.name, message.text);
    case 'dataFile': {
      const file = { name: message.name, path: message.path, bytes: message.bytes, mtime: message.mtime, source: 'file' as const };
      if (message.purpose === 'new') return imports?.offer(file);
      const { data, userCsv } = playground.state;
      const previous = data.kind === 'csv' && data.path === message.path ? data : userCsv?.path === message.path ? userCsv : null;
      return imports?.reload(file, previous?.columns);
    }
    case 'dataFileRefused':
      return imports?.refuse(message.name, message.error);
    case 'dataFileChanged':
      return imports?.fileChanged({ path: message.path, change: message.change });
    case 'saved':
      return layout?.saved(message);
  }
});
installKeyboard(() =>
  playground
    ? { toggleTraining: () => playground!.toggleTraining(), step: () => void playground!.step(), reset: () => void playground!.reset() }
    : null,
);

// A data file dropped on the panel: checked by size before it is read, then previewed.
window.addEventListener('dragover', (event) => {
  if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
});
window.addEventListener('drop', (event) => {
  const file = event.dataTransfer?.files[0];
  if (!file || !imports) return;
  event.preventDefault();
  const tooBig = fileSizeProblem(file.size);
  if (tooBig) return imports.refuse(file.name, tooBig);
  const target = imports;
  file.arrayBuffer().then(
    (buffer) => target.offer({ name: file.name, path: null, bytes: new Uint8Array(buffer), mtime: file.lastModified, source: 'drop' }),
    (error) => target.refuse(file.name, `it could not be read (${errorMessage(error)}).`),
  );
});
window.addEventListener('error', (event) => host.log('error', `${event.message} (${event.filename}:${event.lineno})`));
window.addEventListener('unhandledrejection', (event) => host.log('error', `Unhandled: ${errorMessage(event.reason, { stack: true })}`));
host.post({ type: 'ready' });
