// A small helper to build DOM without innerHTML (the page's CSP and its text safety both like it).
import { compactNumber } from '../../src/core/format';
type Child = Node | string | null | undefined | false;

export interface ElementProps {
  id?: string;
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string | number | boolean>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, handler] of Object.entries(props.on ?? {})) node.addEventListener(event, handler as EventListener);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

let uid = 0;
/** A unique id for label/for pairs. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/** A labelled field: label text, the control, and an optional message line below. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uniqueId('field');
  return el('div', { class: 'field' }, [
    el('label', { text: label, attrs: { for: control.id } }),
    control,
    hint ? el('div', { class: 'hint', text: hint }) : null,
  ]);
}

/** A number shown compactly for a parameter: enough digits to see small changes, never cut (format.ts). */
export function formatNumber(value: number): string {
  return compactNumber(value);
}

/** A collapsible section, like the panes of VS Code's side bar. */
export function section(title: string, id: string, body: Node[], open = true): HTMLDetailsElement {
  const details = el('details', { class: 'section', id }, [
    el('summary', {}, [el('span', { class: 'section-title', text: title })]),
    el('div', { class: 'section-body' }, body),
  ]);
  details.open = open;
  return details;
}
