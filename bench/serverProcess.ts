import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Script } from '../test/support/script';

/**
 * The scripted model server in its own process, so the orchestrator's CPU time can be measured
 * without the server's. Stopped by `close()`.
 */
export async function startServerProcess(script: Script): Promise<{ url: string; openaiBaseUrl: string; close(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-script-'));
  const file = path.join(dir, 'script.json');
  await fs.writeFile(file, JSON.stringify(script));
  const serverFile = path.resolve(__dirname, '../test/support/scriptedServer.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', serverFile, '--script', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /SCRIPTED_SERVER_URL=(\S+)/.exec(buffer);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`scripted server exited with ${String(code)}`)));
  });
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
