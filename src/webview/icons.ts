/**
 * The few icons the sidebar needs, as inline SVG drawn in currentColor (so they follow the theme,
 * high contrast included). Drawn here rather than loaded: the view loads nothing but its own script
 * and stylesheet.
 */
const PATHS = {
  chevron: 'M6 4l4 4-4 4',
  check: 'M3 8.5l3 3 7-7',
  close: 'M4 4l8 8M12 4l-8 8',
  undo: 'M4 7h6a3 3 0 010 6H7M4 7l3-3M4 7l3 3',
  diff: 'M5 2v7M1.5 5.5h7M11 7v7M8 10.5h6M2 13h6',
  play: 'M5 3l8 5-8 5z',
  stop: 'M4 4h8v8H4z',
  add: 'M8 3v10M3 8h10',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  edit: 'M10.5 2.5l3 3-8 8H2.5v-3z',
  comment: 'M2.5 3h11v7.5h-6l-3 2.5v-2.5h-2z',
  key: 'M10.5 2.5a3 3 0 11-2.6 4.5L2.5 12.5V14H5v-1.5h1.5V11L8 9.5',
  save: 'M2.5 2.5h9l2 2v9h-11zM5 2.5v3.5h5V2.5M5 13.5V9.5h6v4',
  history: 'M2.5 8a5.5 5.5 0 105.5-5.5A5.5 5.5 0 004 4.3M2.5 2v3h3M8 5v3.5l2.5 1.5',
  dot: 'M8 5.5a2.5 2.5 0 110 5 2.5 2.5 0 010-5z',
  spin: 'M8 2.5A5.5 5.5 0 1013.5 8',
  error: 'M8 2l6.5 11.5h-13zM8 6.5v3.5M8 11.5v.5',
  pass: 'M8 1.5a6.5 6.5 0 110 13 6.5 6.5 0 010-13zM5 8.2l2 2 4-4',
  warn: 'M8 1.5a6.5 6.5 0 110 13 6.5 6.5 0 010-13zM8 4.5v4.5M8 11v.5',
  block: 'M8 1.5a6.5 6.5 0 110 13 6.5 6.5 0 010-13zM3.5 3.5l9 9',
  arrow: 'M13 8H3M7 4L3 8l4 4',
  forward: 'M3 8h10M9 4l4 4-4 4',
  file: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3',
  search: 'M7 2.5a4.5 4.5 0 110 9 4.5 4.5 0 010-9zM10.3 10.3l3.5 3.5',
  shield: 'M8 1.5l5.5 2v4c0 3.4-2.4 5.9-5.5 7-3.1-1.1-5.5-3.6-5.5-7v-4z',
  tool: 'M10 2.5a3 3 0 00-2.9 3.8L2.5 11v2.5H5l4.7-4.6A3 3 0 1013.5 6l-2 .5-1-1 .5-2z',
} as const;

export type IconName = keyof typeof PATHS;

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name: IconName, className = ''): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}${className ? ` ${className}` : ''}`);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}

/** Replaces the icon inside `host` when it differs. */
export function setIcon(host: Element, name: IconName): void {
  const current = host.querySelector(':scope > svg.icon');
  if (current?.classList.contains(`icon-${name}`)) return;
  const next = icon(name);
  if (current) current.replaceWith(next);
  else host.prepend(next);
}
