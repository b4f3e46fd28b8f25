// The Export section: the fitted parameters, the model and loop as PyTorch code, the chart as an image.
import type { Playground } from '../app/playground';
import { parametersJson, pytorchScript } from '../export/pytorch';
import type { Host } from '../host-bridge';
import { el, section } from '../ui/dom';
import { button } from '../ui/toolkit';
import { errorMessage } from '../../src/core/result';

export class ExportSection {
  readonly element: HTMLDetailsElement;
  private readonly message: HTMLElement;

  constructor(
    private readonly playground: Playground,
    private readonly host: Host,
    private readonly image: (format: 'png' | 'svg') => Promise<string>,
  ) {
    this.message = el('div', { class: 'error-text', attrs: { role: 'alert' } });
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
        this.message,
      ],
      false,
    );
  }

  script(): string {
    const { model, state } = this.playground;
    return pytorchScript({ program: model.program, init: state.init, data: state.data, train: state.train, steps: state.step });
  }

  private copyParams(): void {
    this.host.post({
      type: 'copy',
      text: parametersJson(this.playground.model.program, this.playground.params),
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
