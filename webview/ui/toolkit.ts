// Everything the panel takes from @vscode/webview-ui-toolkit, in one place: a move to
// @vscode-elements/elements (the toolkit is deprecated) changes only this module.
// Form controls the tests and screen readers reach by id (selects, inputs, sliders, checkboxes)
// are native elements styled with the theme's variables (see styles/app.css).
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
  registered = true;
}

export interface ButtonOptions {
  id?: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  /** Tooltip and accessible description. */
  title?: string;
  /** Accessible name, when the label is a symbol. */
  ariaLabel?: string;
  onClick: () => void;
}

export function button(label: string, options: ButtonOptions): HTMLElement {
  const el = document.createElement('vscode-button');
  el.textContent = label;
  el.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.id) el.id = options.id;
  if (options.title) el.title = options.title;
  if (options.ariaLabel) el.setAttribute('aria-label', options.ariaLabel);
  el.addEventListener('click', () => {
    if (!el.hasAttribute('disabled')) options.onClick();
  });
  return el;
}

export function setButtonLabel(el: HTMLElement, label: string, appearance?: ButtonOptions['appearance']): void {
  el.textContent = label;
  if (appearance) el.setAttribute('appearance', appearance);
}

export function progressRing(label: string): HTMLElement {
  const el = document.createElement('vscode-progress-ring');
  el.setAttribute('aria-label', label);
  return el;
}
