/**
 * A real VS Code for UI tests: code-server (VS Code 1.139 server + web workbench) with our built
 * extension installed, opened on a workspace folder in headless Debian chromium through
 * playwright-core. Everything lives in one scratch folder and one process group per session;
 * `dispose()` stops both and fails if any process survives.
 *
 *   const vscode = await launchVSCode({ workspace: ws.root, trust: 'untrusted', theme: 'dark' });
 *   try { await vscode.runCommand('Squad: Request Feature'); … } finally { await vscode.dispose(); }
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER_ENTRY, REPO_ROOT, codeServerEnv, node24, requireCodeServer } from './env';
import { cleanupOnExit, killGroup, killNow, killSurvivors, spawnGroup, type GroupProcess } from './processes';
import { readJsonc } from './jsonc';
import { Workbench } from './workbench';

export type Trust = 'trusted' | 'untrusted';

export interface LaunchOptions {
  /** The folder VS Code opens. The caller owns it (create and remove it). */
  workspace: string;
  /**
   * 'trusted' (default) turns workspace trust off (`security.workspace.trust.enabled: false`), so
   * `vscode.workspace.isTrusted` is true. 'untrusted' keeps trust on: a fresh code-server profile
   * trusts no folder, so the window opens in Restricted Mode (no startup dialog; see grantTrust()).
   */
  trust?: Trust;
  /** Sets `workbench.colorTheme` before launch: 'light' = "Light 2026", 'dark' = "Dark 2026". */
  theme?: 'light' | 'dark';
  /** Extra user settings written to settings.json before launch (win over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Install from a VSIX instead of copying the built extension folder (REPO_ROOT by default). */
  vsix?: string;
  /**
   * The extension folder to copy, whole. Default: the repo, of which only what a user's install
   * has is copied (package.json, dist/, media/, README.md, LICENSE); build first.
   */
  extensionPath?: string;
  viewport?: { width: number; height: number };
  /** Default UI wait in ms. */
  timeoutMs?: number;
}

/** Quiet, deterministic defaults: no welcome page, no chat panel, no telemetry or update checks. */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.startupPrompt': 'never',
};

/** Files of the extension a user's install would have (see package.json and esbuild.mjs). */
const EXTENSION_FILES = ['package.json', 'dist', 'media', 'README.md', 'LICENSE', 'CHANGELOG.md'];

export class VSCodeSession extends Workbench {
  private disposed = false;

  private constructor(
    page: Page,
    readonly context: BrowserContext,
    private readonly server: GroupProcess,
    /** Root of everything this session wrote: user data, extensions, chromium profile. */
    readonly scratch: string,
    readonly url: string,
    timeoutMs: number,
    private readonly pageErrors: string[],
    private readonly unregisterExitCleanup: () => void,
  ) {
    super(page, timeoutMs);
  }

  static async launch(options: LaunchOptions): Promise<VSCodeSession> {
    requireCodeServer();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'squad-e2e-'));
    let server: GroupProcess | undefined;
    let context: BrowserContext | undefined;
    // An interrupted test (Ctrl+C, the runner's timeout) never reaches dispose(): kill synchronously on exit.
    const unregister = cleanupOnExit(() => {
      killNow(server?.pgid, scratch);
      rmSync(scratch, { recursive: true, force: true });
    });
    try {
      const dirs = sessionDirs(scratch);
      writeSettings(dirs.userData, options);
      installExtension(options, dirs.extensions, scratch);
      server = spawnGroup(
        node24(),
        [
          CODE_SERVER_ENTRY,
          '--auth', 'none',
          '--bind-addr', '127.0.0.1:0',
          '--user-data-dir', dirs.userData,
          '--extensions-dir', dirs.extensions,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-getting-started-override',
          '--ignore-last-opened',
          options.workspace,
        ],
        { env: codeServerEnv(scratch), cwd: scratch },
      );
      const base = (await server.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000))[1]!;
      const url = `${base}/?folder=${encodeURIComponent(options.workspace)}`;
      context = await chromium.launchPersistentContext(dirs.chromium, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: options.viewport ?? { width: 1400, height: 900 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const timeoutMs = options.timeoutMs ?? 20_000;
      await page.goto(url);
      await waitForWorkbench(page, 60_000);
      return new VSCodeSession(page, context, server, scratch, url, timeoutMs, pageErrors, unregister);
    } catch (err) {
      await context?.close().catch(() => undefined);
      if (server) await killGroup(server.pgid).catch(() => undefined);
      killNow(undefined, scratch);
      rmSync(scratch, { recursive: true, force: true });
      unregister();
      throw err;
    }
  }

  /** code-server's process group; empty once disposed. */
  get serverPgid(): number {
    return this.server.pgid;
  }

  get userDataDir(): string {
    return sessionDirs(this.scratch).userData;
  }

  get extensionsDir(): string {
    return sessionDirs(this.scratch).extensions;
  }

  /** The user settings.json as VS Code has it on disk now (code-server keeps user data on the server). */
  userSettings(): Record<string, unknown> {
    return readJsonc(settingsFile(this.userDataDir));
  }

  /**
   * Merges `patch` into user settings.json and reloads the window, which restarts the extension
   * host. Measured: the workbench notices the first one or two edits of the file on disk and then
   * misses every other one, so a reload is the only reliable way to apply a file edit. To test
   * `onDidChangeConfiguration`, change settings from inside VS Code instead (an extension-host
   * test with `getConfiguration().update`).
   */
  async updateUserSettings(patch: Record<string, unknown>): Promise<void> {
    writeFileSync(settingsFile(this.userDataDir), JSON.stringify({ ...this.userSettings(), ...patch }, null, 2));
    await this.reload();
  }

  /** Reloads the window (Developer: Reload Window) and waits for the workbench. */
  async reload(): Promise<void> {
    await this.page.reload();
    await waitForWorkbench(this.page, this.timeoutMs);
  }

  /** code-server's output and every extension-host log, for failure messages. */
  logs(): string {
    const parts = [`--- code-server output ---\n${this.server.output()}`];
    for (const file of findFiles(path.join(this.userDataDir, 'logs'), /exthost\.log$|remoteexthost\.log$|Squad.*\.log$/)) {
      parts.push(`--- ${path.relative(this.userDataDir, file)} ---\n${readFileSync(file, 'utf8')}`);
    }
    if (this.pageErrors.length > 0) parts.push(`--- page errors ---\n${this.pageErrors.join('\n')}`);
    return parts.join('\n');
  }

  /** Closes chromium, stops code-server's process group, removes the scratch folder; throws if a process survived. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.context.close().catch(() => undefined);
    await killGroup(this.server.pgid);
    const survivors = await killSurvivors(this.scratch);
    if (process.env.SQUAD_E2E_KEEP !== '1') rmSync(this.scratch, { recursive: true, force: true });
    this.unregisterExitCleanup();
    if (survivors.length > 0) throw new Error(`processes outlived the session: ${survivors.join(', ')}`);
  }
}

export function launchVSCode(options: LaunchOptions): Promise<VSCodeSession> {
  return VSCodeSession.launch(options);
}

async function waitForWorkbench(page: Page, timeoutMs: number): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'attached', timeout: timeoutMs });
}

function sessionDirs(scratch: string): { userData: string; extensions: string; chromium: string } {
  return { userData: path.join(scratch, 'user-data'), extensions: path.join(scratch, 'extensions'), chromium: path.join(scratch, 'chromium') };
}

function settingsFile(userData: string): string {
  return path.join(userData, 'User', 'settings.json');
}

function writeSettings(userData: string, options: LaunchOptions): void {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  settings['security.workspace.trust.enabled'] = (options.trust ?? 'trusted') === 'untrusted';
  if (options.theme) settings['workbench.colorTheme'] = options.theme === 'dark' ? 'Dark 2026' : 'Light 2026';
  Object.assign(settings, options.settings);
  mkdirSync(path.dirname(settingsFile(userData)), { recursive: true });
  writeFileSync(settingsFile(userData), JSON.stringify(settings, null, 2));
}

/** Copies the built extension to EXT/<publisher>.<name>-<version>, or installs a VSIX with code-server's CLI. */
function installExtension(options: LaunchOptions, extensionsDir: string, scratch: string): void {
  mkdirSync(extensionsDir, { recursive: true });
  if (options.vsix) {
    execFileSync(node24(), [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', options.vsix, '--force'], {
      env: codeServerEnv(scratch),
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return;
  }
  const src = options.extensionPath ?? REPO_ROOT;
  // The repo holds much more than the extension; another folder (a fixture) is copied whole.
  const entries = src === REPO_ROOT ? EXTENSION_FILES : readdirSync(src);
  const manifest = JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string; main?: string };
  if (manifest.main && !existsSync(path.join(src, manifest.main))) {
    throw new Error(`${manifest.main} is missing in ${src}: build first (npm run build)`);
  }
  const dest = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const entry of entries) {
    if (existsSync(path.join(src, entry))) cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(dir, rel))
    .filter((file) => pattern.test(file) && statSync(file).isFile());
}
