/**
 * The workspace engines a shared suite runs against: the in-process walker always, ripgrep from
 * the PATH when installed, and VS Code's bundled ripgrep when the e2e install put code-server in
 * place (scripts/e2e/install.sh). A missing ripgrep makes its half skip, saying why.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledRipgrepCandidates } from '../../src/node/findRipgrep';

export interface EngineChoice {
  readonly name: string;
  /** The rg binary; undefined for the in-process engine. */
  readonly ripgrep?: string;
  /** Why this engine cannot run here (then its tests are skipped with this reason). */
  readonly missing?: string;
}

/** Synchronous, so a test file can declare one test per engine at load time. */
export function workspaceEngines(): EngineChoice[] {
  // SQUAD_RIPGREP=off runs the suites as on a machine without any rg (the CLI honours it too).
  const off = process.env.SQUAD_RIPGREP === 'off';
  const onPath = off ? undefined : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'rg')).find(isExecutable);
  const bundled = off ? undefined : bundledRipgrep();
  return [
    { name: 'in-process' },
    onPath
      ? { name: 'rg (PATH)', ripgrep: onPath }
      : { name: 'rg (PATH)', missing: off ? 'SQUAD_RIPGREP=off' : 'rg is not installed on the PATH (scripts/bench/install-ripgrep.sh installs it)' },
    bundled
      ? { name: 'rg (VS Code bundled)', ripgrep: bundled }
      : {
          name: 'rg (VS Code bundled)',
          missing: off ? 'SQUAD_RIPGREP=off' : 'no code-server install with VS Code\'s ripgrep was found (scripts/e2e/install.sh puts one in place)',
        },
  ];
}

/** The ripgrep under a code-server install in the e2e cache, found as the extension finds it under VS Code's appRoot. */
function bundledRipgrep(): string | undefined {
  const cache = process.env.SQUAD_CACHE ?? path.join(os.homedir(), '.cache', 'squad');
  const installs = (fs.existsSync(cache) ? fs.readdirSync(cache) : []).filter((d) => d.startsWith('code-server-')).sort().reverse();
  for (const install of installs) {
    const appRoot = path.join(cache, install, 'node_modules', 'code-server', 'lib', 'vscode');
    const found = bundledRipgrepCandidates(appRoot).find(isExecutable);
    if (found) return found;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
