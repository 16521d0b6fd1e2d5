import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeText, encodeText } from '../core/tools';
import type { FinalFile } from '../core/changes/final';

export interface WriteReport {
  readonly written: string[];
  readonly deleted: string[];
  /** Files left alone, with the reason (changed on disk since the agents read them). */
  readonly skipped: { readonly path: string; readonly reason: string }[];
}

/**
 * Writes proposed files into the workspace (the CLI's `--apply`), keeping each file's encoding,
 * BOM and line endings. A file that changed on disk since the agents read it is skipped, never
 * overwritten.
 */
export async function writeFinalFiles(root: string, files: readonly FinalFile[]): Promise<WriteReport> {
  const report: WriteReport = { written: [], deleted: [], skipped: [] };
  for (const file of files) {
    const abs = path.join(root, ...file.path.split('/'));
    const bytes = await fs.readFile(abs).catch(() => undefined);
    const decoded = bytes === undefined ? undefined : decodeText(bytes);
    const current = decoded === undefined || decoded.binary ? undefined : decoded.text;
    if (current !== file.original || (decoded?.binary ?? false)) {
      report.skipped.push({ path: file.path, reason: 'it changed on disk since the agents read it' });
      continue;
    }
    if (file.content === undefined) {
      await fs.rm(abs, { force: true });
      report.deleted.push(file.path);
      continue;
    }
    const encoding = decoded && !decoded.binary ? decoded : { encoding: 'utf8' as const, hadBom: false };
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, encodeText(file.content, encoding.encoding, encoding.hadBom));
    report.written.push(file.path);
  }
  return report;
}
