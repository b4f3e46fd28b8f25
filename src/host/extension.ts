// Entry point: the playground's commands, its panel serializer, the Python CodeLens and settings.
import * as vscode from 'vscode';
import { OPEN_MODEL_COMMAND, registerLessonCodeLens } from './codelens/lesson-lens';
import { pickDataFile } from './panel/data-files';
import { HostActions } from './panel/host-actions';
import { PanelServices, PlaygroundPanel } from './panel/playground-panel';
import { StateMemory } from './panel/state-memory';
import { BindingController } from './binding/binding-controller';
import { LessonTree, registerLessonTree } from './lesson/lesson-tree';
import { LIMITS } from '../core/limits';
import { unitsProblem } from '../core/train/rules';
import { OpenRequest, validateOpenRequest, VIEW_TYPE } from '../protocol/messages';
import { normalizeSettings, UserSettings } from '../protocol/settings';
import { validateState } from '../protocol/state';

function readSettings(): UserSettings {
  const config = vscode.workspace.getConfiguration('nnDeepDive');
  return normalizeSettings({
    backend: config.get('backend'),
    stepsPerFrame: config.get('stepsPerFrame'),
    learningRate: config.get('learningRate'),
  });
}

async function askUnits(): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Fit N ReLUs',
    prompt: 'How many ReLUs to add together?',
    value: '16',
    validateInput: (value) => {
      const n = Number(value.trim());
      return unitsProblem(n) ? `A whole number from 1 to ${LIMITS.units}` : undefined;
    },
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

/** What the extension hands to other extensions (and its extension-host tests). */
export interface ProductApi {
  binding: BindingController;
  /** The Lesson tree view's provider (its chapters and mark). */
  lesson: LessonTree;
  /** The open playground panel, if any. */
  panel(): PlaygroundPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): ProductApi {
  const log = vscode.window.createOutputChannel('Neural Net Deep Dive', { log: true });
  const memory = new StateMemory(context.globalState, log);
  const lesson = new LessonTree(() => memory.get()?.chapter ?? null);
  const services: PanelServices = {
    extensionUri: context.extensionUri,
    log,
    memory,
    actions: new HostActions(log),
    settings: readSettings,
    lesson,
  };
  const open = (request: OpenRequest | null) => PlaygroundPanel.createOrShow(services, request);
  const binding = new BindingController(
    () => PlaygroundPanel.current ?? open(null),
    () => PlaygroundPanel.current,
    log,
  );
  services.binding = binding;

  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('nnDeepDive.fitQuadratic', () => open({ preset: 'quadratic' })),
    vscode.commands.registerCommand('nnDeepDive.fitRelu', () => open({ preset: 'relu' })),
    vscode.commands.registerCommand('nnDeepDive.fitDoubleRelu', () => open({ preset: 'doubleRelu' })),
    vscode.commands.registerCommand('nnDeepDive.fitNRelus', async (units?: unknown) => {
      const n = typeof units === 'number' && !unitsProblem(units) ? units : await askUnits();
      if (n !== undefined) open({ preset: 'nRelus', units: n });
    }),
    vscode.commands.registerCommand('nnDeepDive.fitLayers', () => open({ preset: 'layers' })),
    vscode.commands.registerCommand('nnDeepDive.openPlayground', () => open(null)),
    // Palette (asks for a file) and the explorer's context menu on .csv/.tsv files (gets its URI).
    vscode.commands.registerCommand('nnDeepDive.loadData', async (resource?: unknown) => {
      const uri = resource instanceof vscode.Uri ? resource : await pickDataFile();
      if (uri) await open(null).loadDataFile(uri);
    }),
    vscode.commands.registerCommand(OPEN_MODEL_COMMAND, (request: unknown) => {
      const checked = validateOpenRequest(request);
      if (checked.ok) open(checked.value);
      else log.warn(`${OPEN_MODEL_COMMAND}: ignored an argument that is not a model request (${checked.error})`);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown) {
        const checked = raw === undefined || raw === null ? null : validateState(raw);
        if (checked && !checked.ok) log.warn(`Restoring the playground without its saved state: ${checked.error}`);
        PlaygroundPanel.revive(panel, services, checked?.ok ? checked.value : null);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('nnDeepDive')) PlaygroundPanel.current?.post({ type: 'settings', settings: readSettings() });
    }),
    registerLessonCodeLens(),
    registerLessonTree(lesson, (chapter) => PlaygroundPanel.createOrShow(services, null, true).post({ type: 'openChapter', chapter }), log),
    binding.register(),
    { dispose: () => PlaygroundPanel.current?.dispose() },
  );
  return { binding, lesson, panel: () => PlaygroundPanel.current };
}

export function deactivate(): void {}
