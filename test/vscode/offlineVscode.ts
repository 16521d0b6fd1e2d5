/**
 * An offline "VS Code executable" for @vscode/test-electron (launched via offline-vscode.sh).
 * It reads the arguments runTests() passes (--extensionDevelopmentPath, --extensionTestsPath,
 * the folder, --user-data-dir, --extensions-dir), starts the VS Code server that ships inside
 * code-server with the smoke-test driver enabled, opens the workbench in headless chromium with
 * the development options in the URL's payload, forwards the extension host's log, and exits
 * with the code the test run reports through `codeAutomationExit` (0 pass, 1 fail).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, VSCODE_SERVER_MAIN, codeServerEnv, node24, requireCodeServer } from '../e2e/env';
import { cleanupOnExit, killGroup, killNow, killSurvivors, spawnGroup, type GroupProcess } from '../e2e/processes';
import { HOST_MARK } from './hostConsole';

interface VSCodeArgs {
  developmentPaths: string[];
  testsPath: string | undefined;
  folder: string | undefined;
  userDataDir: string | undefined;
  extensionsDir: string | undefined;
  disableWorkspaceTrust: boolean;
}

/** VS Code's CLI grammar as runTests() uses it: `--name=value` or `--name value`, plus a positional folder. */
function parseArgs(argv: readonly string[]): VSCodeArgs {
  const out: VSCodeArgs = { developmentPaths: [], testsPath: undefined, folder: undefined, userDataDir: undefined, extensionsDir: undefined, disableWorkspaceTrust: false };
  const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'log']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      out.folder ??= path.resolve(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq >= 0 ? body.slice(eq + 1) : valued.has(name) ? argv[++i] : undefined;
    if (name === 'extensionDevelopmentPath' && value) out.developmentPaths.push(path.resolve(value));
    else if (name === 'extensionTestsPath' && value) out.testsPath = path.resolve(value);
    else if (name === 'user-data-dir' && value) out.userDataDir = path.resolve(value);
    else if (name === 'extensions-dir' && value) out.extensionsDir = path.resolve(value);
    else if (name === 'disable-workspace-trust') out.disableWorkspaceTrust = true;
    // Everything else (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, …) is for desktop VS Code.
  }
  return out;
}

/**
 * The workbench forwards both its own log and the extension host's console (each message the
 * console call's arguments). Lines the suite marked go to stdout at once; the rest is kept and
 * printed only when the run fails, or always with SQUAD_VSCODE_VERBOSE=1.
 */
class WorkbenchLog {
  private readonly other: string[] = [];
  private readonly verbose = process.env.SQUAD_VSCODE_VERBOSE === '1';

  add(level: string, message: unknown): void {
    const text = decode(message);
    const marked = text.split('\n').some((line) => line.startsWith(HOST_MARK));
    if (marked) {
      process.stdout.write(`${text.replaceAll(HOST_MARK, '')}\n`);
    } else if (this.verbose) {
      process.stderr.write(`[workbench ${level}] ${text}\n`);
    } else {
      this.other.push(`[workbench ${level}] ${text}`);
    }
  }

  printTail(lines = 60): void {
    if (this.other.length === 0) return;
    process.stderr.write(`--- last ${Math.min(lines, this.other.length)} workbench log lines ---\n${this.other.slice(-lines).join('\n')}\n`);
  }
}

/** A message is the console call's arguments (format string first), or a plain string. */
function decode(message: unknown): string {
  return Array.isArray(message) ? format(...(message as unknown[])) : format(message);
}

async function main(argv: readonly string[]): Promise<number> {
  requireCodeServer();
  const args = parseArgs(argv);
  if (!args.testsPath) throw new Error('offline-vscode: --extensionTestsPath is required');
  const timeoutMs = Number(process.env.SQUAD_VSCODE_TEST_TIMEOUT_MS ?? 10 * 60_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'squad-vscode-test-'));
  const userData = args.userDataDir ?? path.join(scratch, 'user-data');
  const extensions = args.extensionsDir ?? path.join(scratch, 'extensions');
  for (const dir of [userData, extensions]) mkdirSync(dir, { recursive: true });
  // The VS Code server keeps only the last development path it is given; the others are
  // installed, which the offline server loads (it ignores desktop-only --disable-extensions).
  const [developmentPath, ...alsoInstalled] = args.developmentPaths;
  for (const dir of alsoInstalled) installExtension(dir, extensions);

  let server: GroupProcess | undefined;
  let context: BrowserContext | undefined;
  // Interrupted (runTests forwards Ctrl+C as SIGINT): kill everything at once, synchronously.
  const unregister = cleanupOnExit(() => {
    killNow(server?.pgid, scratch);
    rmSync(scratch, { recursive: true, force: true });
  });
  const stop = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    if (server) await killGroup(server.pgid);
    const survivors = await killSurvivors(scratch);
    if (survivors.length > 0) process.stderr.write(`offline-vscode: killed processes that outlived the run: ${survivors.join(', ')}\n`);
    rmSync(scratch, { recursive: true, force: true });
    unregister();
  };

  try {
    server = spawnGroup(
      node24(),
      [
        VSCODE_SERVER_MAIN,
        '--host', '127.0.0.1',
        '--port', '0',
        '--without-connection-token',
        '--accept-server-license-terms',
        '--enable-smoke-test-driver',
        '--disable-telemetry',
        '--user-data-dir', userData,
        '--server-data-dir', path.join(scratch, 'server-data'),
        '--extensions-dir', extensions,
        ...(args.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
      ],
      { env: codeServerEnv(scratch), cwd: scratch },
    );
    const port = (await server.waitForOutput(/Extension host agent listening on (\d+)/, 60_000))[1]!;
    const authority = `127.0.0.1:${port}`;
    const remote = (p: string): string => `vscode-remote://${authority}${p}`;
    const payload = [
      ...(developmentPath ? [['extensionDevelopmentPath', remote(developmentPath)]] : []),
      ['extensionTestsPath', remote(args.testsPath)],
    ];
    const query = new URLSearchParams({ payload: JSON.stringify(payload) });
    if (args.folder) query.set('folder', args.folder);

    context = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const workbenchLog = new WorkbenchLog();
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => workbenchLog.add(level, message));
    page.on('pageerror', (e) => workbenchLog.add('error', `[page error] ${e.message}`));
    await page.goto(`http://${authority}/?${query.toString()}`);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`offline-vscode: no result after ${timeoutMs} ms\n`);
        resolve(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (code !== 0) workbenchLog.printTail();
    return code;
  } catch (err) {
    if (server) process.stderr.write(server.output().slice(-4000));
    throw err;
  } finally {
    await stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`offline-vscode: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

/** Copies an unpacked extension into the extensions folder, named as VS Code names installed ones. */
function installExtension(dir: string, extensions: string): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  cpSync(dir, path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
}
