// The Export section: the fitted parameters, the model and loop as PyTorch code (a network as an
// nn.Sequential with its exact current weights), the chart as an image.
import { unflattenParams } from '../../src/core/model/mlp';
import type { Playground } from '../app/playground';
import { networkPytorchScript } from '../export/pytorch-network';
import { parametersJson, pytorchScript } from '../export/pytorch';
import type { Host } from '../host-bridge';
import { el, section } from '../ui/dom';
import { button } from '../ui/toolkit';
import { errorMessage } from '../../src/core/result';
import { CHART_LABEL } from '../../src/protocol/messages';
import { SavedNote } from './saved-note';

/** Steps the exported network's loop runs (it continues from the panel's step count). */
const NETWORK_EXPORT_STEPS = 100;

export class ExportSection {
  readonly element: HTMLDetailsElement;
  /** Where the last image went (the host's `saved`). */
  readonly savedNote: SavedNote;
  private readonly message: HTMLElement;

  constructor(
    private readonly playground: Playground,
    private readonly host: Host,
    private readonly image: (format: 'png' | 'svg') => Promise<string>,
  ) {
    this.message = el('div', { class: 'error-text', attrs: { role: 'alert' } });
    this.savedNote = new SavedNote(host, 'chart-saved', [CHART_LABEL]);
    this.element = section(
      'Export',
      'section-export',
      [
        el('div', { class: 'button-row' }, [
          button('Copy parameters', {
            id: 'copy-params',
            title: 'The fitted parameters by name, as JSON',
            onClick: () => this.copyParams(),
          }),
          button('Copy PyTorch code', {
            id: 'copy-code',
            title: 'The model, data and training loop as a runnable script',
            onClick: () => this.copyCode(),
          }),
          button('Open as Python file', {
            id: 'open-code',
            title: 'The same script in a new editor',
            onClick: () => this.host.post({ type: 'openCode', code: this.script(), language: 'python' }),
          }),
        ]),
        el('div', { class: 'button-row' }, [
          button('Save chart as PNG…', { id: 'save-png', onClick: () => void this.save('png') }),
          button('Save chart as SVG…', { id: 'save-svg', onClick: () => void this.save('svg') }),
        ]),
        this.savedNote.element,
        this.message,
      ],
      false,
    );
  }

  script(): string {
    const { model, state, data, params } = this.playground;
    if (model.network) {
      return networkPytorchScript({
        spec: model.network,
        params,
        direction: state.direction,
        data,
        dataName: state.data.kind === 'csv' ? state.data.name : undefined,
        train: state.train,
        step: state.step,
        steps: NETWORK_EXPORT_STEPS,
      });
    }
    if (!model.program) throw new Error('A model is a formula or a network');
    return pytorchScript({ program: model.program, init: state.init, data: state.data, train: state.train, steps: state.step });
  }

  private copyParams(): void {
    const { model, params } = this.playground;
    this.host.post({
      type: 'copy',
      text: model.network ? JSON.stringify(unflattenParams(model.network, params), null, 2) : parametersJson(model.program!, params),
      label: 'the fitted parameters',
    });
  }

  private copyCode(): void {
    this.host.post({ type: 'copy', text: this.script(), label: 'the PyTorch code' });
  }

  private async save(format: 'png' | 'svg'): Promise<void> {
    this.message.textContent = '';
    try {
      const data = await this.image(format);
      this.host.post({ type: 'saveImage', format, data, name: `nn-fit.${format}` });
    } catch (error) {
      this.message.textContent = `Could not draw the chart as ${format.toUpperCase()}: ${errorMessage(error)}`;
    }
  }
}
