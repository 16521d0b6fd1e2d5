import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A real temporary folder filled with the given files; `dispose()` removes it. */
export async function makeTempWorkspace(files: Record<string, string | Uint8Array>): Promise<{ root: string; dispose(): Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, content);
  }
  return { root, dispose: () => fs.rm(root, { recursive: true, force: true }) };
}
