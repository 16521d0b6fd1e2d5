/** A folder walked into one line per entry (type, permission bits, SHA-256 of the bytes), to compare byte for byte. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type TreeSnapshot = ReadonlyMap<string, string>;

export async function treeSnapshot(root: string): Promise<TreeSnapshot> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of (await fs.readdir(path.join(root, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const abs = path.join(root, child);
      const st = await fs.lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out.set(child, `link ${await fs.readlink(abs)}`);
      else if (st.isDirectory()) {
        out.set(child, `dir ${mode}`);
        await walk(child);
      } else out.set(child, `file ${mode} ${createHash('sha256').update(await fs.readFile(abs)).digest('hex')}`);
    }
  };
  await walk('');
  return out;
}

/** The entries that differ, one line each ("src/a.js: file 644 ab… → file 644 cd…"); empty when equal. */
export function treeDiff(a: TreeSnapshot, b: TreeSnapshot): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (a.get(key) !== b.get(key)) out.push(`${key}: ${a.get(key) ?? '(none)'} → ${b.get(key) ?? '(none)'}`);
  }
  return out;
}
