// The extension's contributions, as the extension host sees them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS, VIEW_TYPE, activateProduct, product } from './helpers';

describe('manifest and activation', () => {
  it('contributes every contract command under the "Neural Net" category', () => {
    const contributed: { command: string; title: string; category?: string }[] =
      (product().packageJSON as { contributes?: { commands?: [] } }).contributes?.commands ?? [];
    const missing = Object.entries(COMMANDS).filter(([id, title]) => !contributed.some((c) => c.command === id && c.title === title));
    assert.deepStrictEqual(
      missing.map(([id, title]) => `${id} "${title}"`),
      [],
      'commands missing from contributes.commands',
    );
    for (const command of contributed.filter((c) => c.command in COMMANDS)) {
      assert.strictEqual(command.category, 'Neural Net', `category of ${command.command}`);
    }
  });

  it('activates when the playground panel is restored (onWebviewPanel activation event)', () => {
    const events: string[] = (product().packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(
      events.includes(`onWebviewPanel:${VIEW_TYPE}`),
      `activationEvents lack onWebviewPanel:${VIEW_TYPE}: ${JSON.stringify(events)}`,
    );
  });

  it('registers every contract command once activated', async () => {
    await activateProduct();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.keys(COMMANDS).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], 'commands not registered by the extension');
  });
});

describe('settings', () => {
  const expected: [string, unknown][] = [
    ['backend', 'auto'],
    ['stepsPerFrame', 10],
    ['learningRate', 0.01],
  ];
  for (const [key, value] of expected) {
    it(`contributes nnDeepDive.${key} with default ${JSON.stringify(value)}`, () => {
      const inspected = vscode.workspace.getConfiguration('nnDeepDive').inspect(key);
      assert.ok(inspected, `nnDeepDive.${key} is not a known setting`);
      assert.deepStrictEqual(inspected.defaultValue, value);
    });
  }

  it('offers the backends auto, cpu, wasm and webgpu', () => {
    const properties = (
      product().packageJSON as {
        contributes?: {
          configuration?: { properties?: Record<string, { enum?: string[] }> } | { properties?: Record<string, { enum?: string[] }> }[];
        };
      }
    ).contributes?.configuration;
    const all = Array.isArray(properties)
      ? Object.assign({}, ...properties.map((p) => p.properties ?? {}))
      : (properties?.properties ?? {});
    assert.deepStrictEqual(all['nnDeepDive.backend']?.enum, ['auto', 'cpu', 'wasm', 'webgpu']);
  });

  it('reads a changed setting (workspace value wins over the default)', async () => {
    const configuration = vscode.workspace.getConfiguration('nnDeepDive');
    await configuration.update('learningRate', 0.05, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(vscode.workspace.getConfiguration('nnDeepDive').get('learningRate'), 0.05);
    } finally {
      await configuration.update('learningRate', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
