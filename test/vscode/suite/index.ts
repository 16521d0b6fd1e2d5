/**
 * Entry point the extension host loads (`--extensionTestsPath`): runs every `*.test.js` bundled
 * next to this file with mocha (BDD: describe/it) and rejects when a test fails. Runs INSIDE the
 * extension host, so the tests can `import * as vscode from 'vscode'`.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { hostLog } from '../hostConsole';

export function run(): Promise<void> {
  // The reporter prints through Base.consoleLog: route it through the marked log.
  Mocha.reporters.Base.consoleLog = hostLog;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  const only = process.env.SQUAD_VSCODE_GREP;
  if (only) mocha.grep(only);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A plain closing line, whatever the reporter printed above it.
      hostLog(`vscode tests: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
