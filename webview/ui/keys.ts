// The page's keyboard: its shortcuts, and the keys it keeps from VS Code. A VS Code webview forwards
// every keydown that reaches its window to the workbench, which runs its own keybindings on it:
//  - Alt+<letter> opens a menu of the title bar (Alt+T the Terminal menu) and takes the focus away,
//    so the shortcuts use keys the workbench has no binding for inside a webview: plain T / S / R
//    when no text field has the focus, and Ctrl+Enter / Shift+Enter anywhere (a one-line field does
//    nothing with them). The page handles them and stops them there, so the workbench never sees them.
//  - Ctrl/Cmd+A in a text field: the field selects all at once, and the workbench's Select All
//    command comes back a moment later as execCommand('selectAll'), when the learner may already
//    have typed over the selection; it then selects what they typed and the next key replaces it
//    (`a*x**2` became `*x**2`). Kept in the field, only the field's own select-all happens.

export interface ShortcutActions {
  toggleTraining(): void;
  step(): void;
  reset(): void;
}

/** The keys, as the tooltips show them. */
export const SHORTCUT_LABELS = { train: 'T or Ctrl+Enter', step: 'S or Shift+Enter', reset: 'R' } as const;

/** Whether key presses on `target` are typing (a text field, a select, editable content). */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** Which shortcut a key press is, or null. */
export function shortcutOf(event: KeyboardEvent): keyof ShortcutActions | null {
  if (event.altKey || event.metaKey) return null;
  if (event.key === 'Enter' && event.ctrlKey && !event.shiftKey) return 'toggleTraining';
  if (event.key === 'Enter' && event.shiftKey && !event.ctrlKey) return 'step';
  if (event.ctrlKey || event.shiftKey || event.repeat || isTextField(event.target)) return null;
  const key = event.key.toLowerCase();
  return key === 't' ? 'toggleTraining' : key === 's' ? 'step' : key === 'r' ? 'reset' : null;
}

export function installKeyboard(actions: () => ShortcutActions | null): void {
  // Capture on the document runs before the frame's forwarding listener on the window (bubble).
  document.addEventListener(
    'keydown',
    (event) => {
      const selectAll = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a';
      if (selectAll && isTextField(event.target)) {
        event.stopPropagation(); // the field's own select-all still happens
        return;
      }
      const shortcut = shortcutOf(event);
      const target = actions();
      if (!shortcut || !target) return;
      event.preventDefault();
      event.stopPropagation();
      target[shortcut]();
    },
    true,
  );
}
