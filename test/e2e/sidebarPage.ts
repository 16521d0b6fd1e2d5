/**
 * The built sidebar (dist/webview.js + media/sidebar.css) alone in headless Chromium, without VS
 * Code: a page with a stand-in `acquireVsCodeApi` that records what the view posts and a set of the
 * theme's variables. Used by the view's browser tests and by bench/sidebar.ts; the tests in real
 * VS Code go through the harness instead.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT as repoRoot } from './env';

export type Theme = 'dark' | 'light' | 'high-contrast';

const COMMON = {
  '--vscode-font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'Menlo, Consolas, "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '12px',
};

/** Values of VS Code's Dark Modern, Light Modern and High Contrast themes for the variables the view uses. */
const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-sideBar-background': '#181818',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c', '--vscode-focusBorder': '#0078d4',
      '--vscode-widget-border': '#313131', '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-textLink-foreground': '#4daafc',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33', '--vscode-diffEditor-removedTextBackground': '#ff000033',
      '--vscode-diffEditor-insertedLineBackground': '#9bb95533', '--vscode-diffEditor-removedLineBackground': '#ff000033',
      '--vscode-testing-iconPassed': '#73c991', '--vscode-testing-iconFailed': '#f14c4c', '--vscode-errorForeground': '#f85149',
      '--vscode-editorWarning-foreground': '#cca700', '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-toolbar-hoverBackground': '#5a5d5e50',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-sideBarSectionHeader-border': '#2b2b2b', '--vscode-sideBarSectionHeader-foreground': '#cccccc',
      '--vscode-gitDecoration-addedResourceForeground': '#81b88b', '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
      '--vscode-gitDecoration-modifiedResourceForeground': '#e2c08d', '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-errorBorder': '#be1100', '--vscode-progressBar-background': '#0078d4', '--vscode-charts-blue': '#3794ff',
      '--vscode-dropdown-background': '#313131', '--vscode-dropdown-foreground': '#cccccc', '--vscode-dropdown-border': '#3c3c3c',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece', '--vscode-focusBorder': '#005fb8',
      '--vscode-widget-border': '#e5e5e5', '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-textLink-foreground': '#005fb8',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c40', '--vscode-diffEditor-removedTextBackground': '#ff000033',
      '--vscode-diffEditor-insertedLineBackground': '#9bb95533', '--vscode-diffEditor-removedLineBackground': '#ff000033',
      '--vscode-testing-iconPassed': '#388a34', '--vscode-testing-iconFailed': '#e51400', '--vscode-errorForeground': '#e51400',
      '--vscode-editorWarning-foreground': '#bf8803', '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-toolbar-hoverBackground': '#b8b8b850',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-sideBarSectionHeader-border': '#e5e5e5', '--vscode-sideBarSectionHeader-foreground': '#3b3b3b',
      '--vscode-gitDecoration-addedResourceForeground': '#587c0c', '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
      '--vscode-gitDecoration-modifiedResourceForeground': '#895503', '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-errorBorder': '#be1100', '--vscode-progressBar-background': '#005fb8', '--vscode-charts-blue': '#1a85ff',
      '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#3b3b3b', '--vscode-dropdown-border': '#cecece',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffffb3', '--vscode-sideBar-background': '#000000',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df', '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-widget-border': '#6fc3df',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff', '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-diffEditor-insertedTextBorder': '#33ff2eff', '--vscode-diffEditor-removedTextBorder': '#ff008fff',
      '--vscode-testing-iconPassed': '#73c991', '--vscode-testing-iconFailed': '#f14c4c', '--vscode-errorForeground': '#f48771',
      '--vscode-editorWarning-foreground': '#ffd370', '--vscode-editorLineNumber-foreground': '#ffffff',
      '--vscode-gitDecoration-addedResourceForeground': '#a1e3ad', '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
      '--vscode-dropdown-background': '#000000', '--vscode-dropdown-foreground': '#ffffff', '--vscode-dropdown-border': '#6fc3df',
    },
  },
};

/** The page's globals as these helpers use them (this file is compiled without the DOM's types). */
interface PageGlobals {
  __posted: { type: string; [k: string]: unknown }[];
  __state: unknown;
  postMessage(message: unknown, origin: string): void;
  requestAnimationFrame(callback: () => void): number;
}

export interface SidebarPage {
  readonly page: Page;
  /** Delivers messages as the extension would (window messages, batched per frame by the view). */
  send(...messages: unknown[]): Promise<void>;
  /** Messages the view posted to the extension so far. */
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  /** What the view saved with setState. */
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface SidebarPageOptions {
  readonly theme?: Theme;
  /** What getState returns: the state the view saved before it was hidden. */
  readonly state?: unknown;
  readonly width?: number;
  readonly height?: number;
  /** Another script instead of dist/webview.js (the benchmark's bundle); the page then does not wait for `ready`. */
  readonly script?: string;
}

/** Opens the sidebar in a fresh page. */
export async function openSidebarPage(browser: Browser, options: SidebarPageOptions = {}): Promise<SidebarPage> {
  const theme = THEMES[options.theme ?? 'dark'];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-sidebar-page-'));
  const vars = Object.entries({ ...COMMON, ...theme.vars }).map(([k, v]) => `${k}: ${v};`).join(' ');
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="${pathToFileURL(path.join(repoRoot, 'media/sidebar.css')).href}">
<style>html { ${vars} background: var(--vscode-sideBar-background); }</style>
<script>
  window.__posted = []; window.__state = ${JSON.stringify(options.state ?? null)};
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
</script></head>
<body class="${theme.bodyClass}"><main id="app"></main>
<script src="${pathToFileURL(options.script ?? path.join(repoRoot, 'dist/webview.js')).href}"></script></body></html>`;
  const file = path.join(dir, 'index.html');
  await fs.writeFile(file, html);
  const page = await browser.newPage({ viewport: { width: options.width ?? 380, height: options.height ?? 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  if (!options.script) await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__posted.length > 0);
  if (errors.length > 0) throw new Error(`the sidebar threw: ${errors.join('; ')}`);
  return {
    page,
    send: async (...messages) => {
      await page.evaluate((ms) => {
        for (const m of ms) (globalThis as unknown as PageGlobals).postMessage(m, '*');
      }, messages);
      // Two frames: the view renders on the next animation frame after the messages arrive.
      await page.evaluate(() => new Promise((r) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => r(undefined)))));
      if (errors.length > 0) throw new Error(`the sidebar threw: ${errors.join('; ')}`);
    },
    posted: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted),
    savedState: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__state),
    close: async () => {
      await page.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
