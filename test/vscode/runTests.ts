/**
 * Runs the extension-host suites (test/vscode/suite) with @vscode/test-electron's runTests().
 * Where VS Code can be downloaded, runTests downloads it as usual (into the cache folder). On an
 * offline machine with code-server installed (scripts/e2e/install.sh), `vscodeExecutablePath`
 * points at offline-vscode.sh, which runs the same suites in code-server's VS Code server.
 * SQUAD_VSCODE_OFFLINE=1 forces the offline path, =0 forces the download.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { CACHE_DIR, REPO_ROOT, codeServerInstalled } from '../e2e/env';

const SUITE_DIR = path.join(REPO_ROOT, 'test', 'vscode', 'suite');
const OUT_DIR = path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite');

/** Bundles each suite file to CommonJS; `vscode` and `mocha` stay external (the host provides one, node_modules the other). */
async function buildSuite(): Promise<string> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const entries = readdirSync(SUITE_DIR).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(SUITE_DIR, f)),
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    // Shared test support written as ESM may read import.meta.url; give the CJS bundle a real one.
    define: { 'import.meta.url': '__squadImportMetaUrl' },
    banner: { js: "const __squadImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  return path.join(OUT_DIR, 'index.js');
}

function useOffline(): boolean {
  const forced = process.env.SQUAD_VSCODE_OFFLINE;
  if (forced === '1') return true;
  if (forced === '0') return false;
  return codeServerInstalled();
}

async function main(): Promise<number> {
  const extensionTestsPath = await buildSuite();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'squad-vscode-ws-'));
  const workspace = path.join(scratch, 'workspace');
  mkdirSync(workspace);
  writeFileSync(path.join(workspace, 'README.md'), '# A workspace for the extension-host tests\n');
  const offline = useOffline();
  console.log(`vscode tests: ${offline ? 'offline (code-server)' : 'downloaded VS Code'}`);
  try {
    await runTests({
      // The second extension contributes a language-model tool, as an MCP server configured in VS Code would (suite/lmTools.test.ts).
      extensionDevelopmentPath: [REPO_ROOT, path.join(REPO_ROOT, 'test', 'vscode', 'toolExtension')],
      extensionTestsPath,
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`, '--disable-extensions'],
      cachePath: path.join(CACHE_DIR, 'vscode-test'),
      ...(offline ? { vscodeExecutablePath: path.join(REPO_ROOT, 'test', 'vscode', 'offline-vscode.sh') } : {}),
    });
    return 0;
  } catch (err) {
    console.error(`vscode tests failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
