/**
 * A capped file tree for prompts: folders are expanded shallowest-first while the listing stays
 * under the cap; the rest stay collapsed as `name/ (N files)`.
 */

export interface TreeLine {
  readonly depth: number;
  readonly name: string;
  readonly kind: 'dir' | 'file';
  /** For folders: files below it, at any depth. */
  readonly files?: number;
  /** For folders: true when its contents are not listed. */
  readonly collapsed?: boolean;
}

interface DirNode {
  readonly name: string;
  readonly depth: number;
  readonly dirs: Map<string, DirNode>;
  readonly files: string[];
  total: number;
  expanded: boolean;
}

function newDir(name: string, depth: number): DirNode {
  return { name, depth, dirs: new Map(), files: [], total: 0, expanded: false };
}

function buildTree(paths: readonly string[]): DirNode {
  const root = newDir('', -1);
  for (const p of paths) {
    const parts = p.split('/');
    let node = root;
    node.total++;
    for (const part of parts.slice(0, -1)) {
      let child = node.dirs.get(part);
      if (!child) {
        child = newDir(part, node.depth + 1);
        node.dirs.set(part, child);
      }
      child.total++;
      node = child;
    }
    node.files.push(parts[parts.length - 1] as string);
  }
  return root;
}

const childCount = (d: DirNode): number => d.dirs.size + d.files.length;

/**
 * Lines of the tree with at most `maxEntries` entries (the root's own children always show; when
 * they alone exceed the cap the tail is cut and reported by a trailing `…` line).
 */
export function cappedTree(paths: readonly string[], maxEntries: number): TreeLine[] {
  const root = buildTree(paths);
  root.expanded = true;
  let entries = childCount(root);
  // Breadth-first: a shallow folder's listing tells the planner more than a deep one's.
  const queue: DirNode[] = [...root.dirs.values()];
  while (queue.length > 0) {
    const dir = queue.shift() as DirNode;
    // The folder's own line stays, so expanding adds all of its children.
    const grows = childCount(dir);
    if (entries + grows > maxEntries) continue;
    dir.expanded = true;
    entries += grows;
    queue.push(...dir.dirs.values());
  }
  const lines: TreeLine[] = [];
  render(root, lines);
  if (lines.length > maxEntries) {
    const hidden = lines.length - maxEntries;
    lines.length = maxEntries;
    lines.push({ depth: 0, name: `… ${hidden} more entries`, kind: 'file' });
  }
  return lines;
}

function render(dir: DirNode, out: TreeLine[]): void {
  const dirs = [...dir.dirs.values()].sort((a, b) => compare(a.name, b.name));
  for (const child of dirs) {
    out.push({ depth: child.depth, name: child.name, kind: 'dir', files: child.total, collapsed: !child.expanded });
    if (child.expanded) render(child, out);
  }
  for (const file of [...dir.files].sort(compare)) out.push({ depth: dir.depth + 1, name: file, kind: 'file' });
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderTreeLine(line: TreeLine): string {
  const indent = '  '.repeat(line.depth);
  if (line.kind === 'file') return indent + line.name;
  const count = line.collapsed ? ` (${line.files} file${line.files === 1 ? '' : 's'})` : '';
  return `${indent}${line.name}/${count}`;
}
