/**
 * Measurements of the Squad sidebar taken inside its webview (code-server): what scrolls or sticks
 * out sideways, how many lines each task title takes, whether the edit form's Depends-on choices
 * stay inside the form, and the WCAG contrast of key text against the background it is drawn on.
 * Colours are read from the page as the theme painted it (computed styles and the theme's
 * `--vscode-*` variables), never written here.
 */
import type { FrameLocator } from 'playwright-core';

export interface ContrastReading {
  readonly what: string;
  readonly ratio: number;
  readonly fg: string;
  readonly bg: string;
}

export interface LayoutReport {
  readonly width: number;
  readonly themeKind: string;
  /** Elements that scroll horizontally (a scroll container, or the page itself). */
  readonly scrollers: readonly string[];
  /** Elements drawn past the view's right edge without a clipping ancestor. */
  readonly outside: readonly string[];
  readonly titles: readonly { readonly task: string; readonly lines: number }[];
  /** Depends-on choices (or the list) that reach outside their form. */
  readonly depsOutside: readonly string[];
  readonly depChoices: number;
  readonly contrast: readonly ContrastReading[];
}

/** Key text: the selector and what it is. The first visible, enabled match of each is measured. */
export const KEY_TEXT: ReadonlyArray<readonly [string, string]> = [
  ['.run-status', 'run status'],
  ['.run-request', 'request'],
  ['.task .title', 'task title'],
  ['.task .task-id', 'task id'],
  ['.task .role', 'role badge'],
  ['.task .status-label', 'task status'],
  ['.btn-primary:not(:disabled)', 'primary button'],
  ['.btn:not(.btn-primary):not(.btn-icon):not(.btn-link):not(:disabled)', 'secondary button'],
  ['.btn-link:not(:disabled)', 'link button'],
  ['.section-toggle', 'section heading'],
  ['.plan-summary', 'plan summary'],
  ['.field-label', 'form label'],
  ['.dep-title', 'depends-on choice'],
  ['.task-form .input', 'form input'],
  ['.file-name', 'file name'],
  ['.hunk-range', 'hunk range'],
  ['.diff .line-add .code', 'added line'],
  ['.diff .line-del .code', 'removed line'],
  ['.review-counts', 'review counts'],
  ['.hint', 'hint'],
];

// Runs in the webview: plain JavaScript, self-contained.
const MEASURE = `(body, keyText) => {
  const doc = body.ownerDocument;
  const win = doc.defaultView;
  const vw = doc.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && win.getComputedStyle(el).visibility !== 'hidden'; };
  const all = [doc.documentElement, ...doc.querySelectorAll('body, body *')];

  const scrollers = [];
  const outside = [];
  for (const el of all) {
    if (!visible(el)) continue;
    const ox = win.getComputedStyle(el).overflowX;
    const root = el === doc.documentElement || el === body;
    if ((root || ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) scrollers.push(name(el) + ' ' + el.scrollWidth + '>' + el.clientWidth);
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1) {
      let clipped = false;
      for (let a = el.parentElement; a && a !== body; a = a.parentElement) {
        if (win.getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= vw + 1) { clipped = true; break; }
      }
      if (!clipped) outside.push(name(el) + ' right=' + Math.round(r.right) + '>' + vw);
    }
  }

  const titles = [...doc.querySelectorAll('.task .title')].filter(visible).map((el) => {
    const lh = parseFloat(win.getComputedStyle(el).lineHeight);
    return { task: el.closest('.task')?.id ?? '?', lines: Math.round(el.getBoundingClientRect().height / lh) };
  });

  const depsOutside = [];
  let depChoices = 0;
  for (const form of doc.querySelectorAll('.task-form')) {
    const f = form.getBoundingClientRect();
    const inside = (el) => { const r = el.getBoundingClientRect(); return r.left >= f.left - 0.5 && r.right <= f.right + 0.5; };
    for (const el of form.querySelectorAll('.deps-field, .dep-choice, .dep-choice > *')) {
      if (el.classList.contains('dep-choice')) depChoices++;
      if (!inside(el)) depsOutside.push(name(el));
    }
    const list = form.querySelector('.deps-field');
    if (list && list.scrollWidth > list.clientWidth + 1) depsOutside.push('deps-field scrolls sideways');
  }

  // Colours through a canvas: whatever syntax the style uses comes back as rgba numbers.
  const ctx = doc.createElement('canvas').getContext('2d');
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const rootStyle = win.getComputedStyle(doc.documentElement);
  const themeBg = rootStyle.getPropertyValue('--vscode-sideBar-background').trim() || rootStyle.getPropertyValue('--vscode-editor-background').trim();
  const backgroundOf = (el) => {
    const layers = [];
    for (let a = el; a; a = a.parentElement) {
      const c = win.getComputedStyle(a).backgroundColor;
      if (c && c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') layers.push(rgba(c));
    }
    let bg = rgba(themeBg);
    bg[3] = 1;
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const contrast = [];
  for (const [selector, what] of keyText) {
    const el = [...doc.querySelectorAll(selector)].find(visible);
    if (!el) continue;
    const bg = backgroundOf(el);
    const fg = over(rgba(win.getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    contrast.push({ what, ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100, fg: hex(fg), bg: hex(bg) });
  }
  return { width: vw, themeKind: body.dataset.vscodeThemeKind ?? '', scrollers, outside, titles, depsOutside, depChoices, contrast };
}`;

export function measureLayout(view: FrameLocator): Promise<LayoutReport> {
  return view.locator('body').evaluate<LayoutReport, undefined>(`(${MEASURE})(document.body, ${JSON.stringify(KEY_TEXT)})`);
}
