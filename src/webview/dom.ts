/** Small DOM helpers. Text always goes in through textContent: nothing from a run becomes markup. */
import { icon, type IconName } from './icons';

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Sets the text only when it differs: an unchanged value costs no DOM write. */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function setAttr(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Replaces the classes that start with `prefix` by `prefix + value`. */
export function setModifier(node: Element, prefix: string, value: string): void {
  const wanted = `${prefix}${value}`;
  if (node.classList.contains(wanted)) return;
  for (const c of [...node.classList]) if (c.startsWith(prefix)) node.classList.remove(c);
  node.classList.add(wanted);
}

export interface ButtonOptions {
  readonly label?: string;
  readonly icon?: IconName;
  /** Read by screen readers; also the tooltip when the button shows only an icon. */
  readonly aria?: string;
  readonly title?: string;
  readonly kind?: 'primary' | 'secondary' | 'icon' | 'link';
  /** The action the root's click handler runs (see app.ts), with its data. */
  readonly act: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly pressed?: boolean;
  readonly disabled?: boolean;
}

export function button(o: ButtonOptions): HTMLButtonElement {
  const b = el('button', `btn btn-${o.kind ?? 'secondary'}`);
  b.type = 'button';
  if (o.icon) b.append(icon(o.icon));
  if (o.label) b.append(el('span', 'btn-label', o.label));
  if (o.aria) b.setAttribute('aria-label', o.aria);
  const title = o.title ?? (o.label ? undefined : o.aria);
  if (title) b.title = title;
  b.dataset.act = o.act;
  for (const [k, v] of Object.entries(o.data ?? {})) b.dataset[k] = v;
  if (o.pressed !== undefined) b.setAttribute('aria-pressed', String(o.pressed));
  if (o.disabled) b.disabled = true;
  return b;
}

/** A labelled section whose heading button opens and closes it. */
export function section(id: string, title: string): { root: HTMLElement; head: HTMLElement; heading: HTMLButtonElement; extra: HTMLElement; body: HTMLElement } {
  const body = el('div', 'section-body');
  body.id = `${id}-body`;
  const heading = button({ act: 'toggleSection', kind: 'link', icon: 'chevron', label: title, data: { section: id } });
  heading.classList.add('section-toggle');
  heading.setAttribute('aria-expanded', 'true');
  heading.setAttribute('aria-controls', body.id);
  const extra = el('span', 'section-extra');
  const head = el('h2', 'section-head', heading, extra);
  const root = el('section', `section section-${id}`, head, body);
  root.setAttribute('aria-labelledby', `${id}-heading`);
  heading.id = `${id}-heading`;
  return { root, head, heading, extra, body };
}

export function setOpen(toggleButton: HTMLElement, body: HTMLElement, open: boolean): void {
  setAttr(toggleButton, 'aria-expanded', String(open));
  setHidden(body, !open);
}

/** Shows or hides; writes only on a change (a write is a DOM mutation even when the value is the same). */
export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/**
 * Puts `nodes` into `parent` in this order, moving only those out of place (a moved element loses
 * focus; one already in place keeps it), and removes the children not in `nodes`.
 */
export function placeInOrder(parent: Element, nodes: readonly Element[]): void {
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  let cursor = parent.firstElementChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextElementSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
}
