// The line that says where a save went ("Saved the chart to nn-fit.svg." with an Open button), in
// the section whose button asked, below its buttons: in the page's flow, so it covers nothing (a
// VS Code notification toast sat over the panel's Save buttons). Shown until the next save.
import type { Host } from '../host-bridge';
import { el } from '../ui/dom';
import { button } from '../ui/toolkit';

export class SavedNote {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;

  constructor(
    host: Host,
    id: string,
    /** The `saved` labels this note answers (the labels its section's saves ask with). */
    private readonly labels: readonly string[],
  ) {
    this.text = el('span', { class: 'saved-text' });
    this.element = el('div', { id, class: 'saved-note', attrs: { role: 'status', hidden: true } }, [
      this.text,
      button('Open', { title: 'Open the saved file in an editor', onClick: () => host.post({ type: 'openSaved' }) }),
    ]);
  }

  /** Shows `saved` when it answers one of this note's saves (and says whether it did); hides it otherwise. */
  show(saved: { label: string; where: string }): boolean {
    const mine = this.labels.includes(saved.label);
    this.element.hidden = !mine;
    if (mine) this.text.textContent = `Saved ${saved.label} to ${saved.where}.`;
    return mine;
  }
}
