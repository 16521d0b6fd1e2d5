/**
 * Which instruction files apply to one prompt. The planner gets the files that speak for the whole
 * workspace (root AGENTS.md and CLAUDE.md, Copilot's repository file, always-apply rules, Squad's
 * own); a task gets those plus, for the files it touches, the nearest AGENTS.md / CLAUDE.md above
 * each and the rules whose globs match one of them.
 */
import picomatch from 'picomatch';
import type { InstructionFile } from './types';

export interface Applicable {
  readonly file: InstructionFile;
  /** Why it applies, for the user: "always", "nearest to src/api/x.ts", … */
  readonly why: string;
}

/** `targets` undefined: the planner (no files yet). */
export function applicableFiles(files: readonly InstructionFile[], targets?: readonly string[]): Applicable[] {
  const out: Applicable[] = [];
  for (const file of files) {
    const why = targets === undefined ? forPlanner(file) : forTargets(file, files, targets);
    if (why !== undefined) out.push({ file, why });
  }
  return out;
}

function forPlanner(file: InstructionFile): string | undefined {
  if (file.base !== '') return undefined;
  if (file.scope.kind === 'always' || file.scope.kind === 'nearest') return 'always';
  return file.scope.kind === 'on-request' ? `on request: ${file.scope.description}` : undefined;
}

function forTargets(file: InstructionFile, all: readonly InstructionFile[], targets: readonly string[]): string | undefined {
  const below = file.base === '' ? targets : targets.filter((t) => t.startsWith(`${file.base}/`));
  const scope = file.scope;
  switch (scope.kind) {
    case 'always':
      if (file.base === '') return 'always';
      return below.length > 0 ? `for files under ${file.base}/` : undefined;
    case 'on-request':
      return file.base === '' || below.length > 0 ? `on request: ${scope.description}` : undefined;
    case 'nearest': {
      // The root one always applies ("plus the root one"); a nested one for the files it is nearest to.
      if (file.base === '') return 'always';
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const nearestTo = below.find((t) => nearestFolder(all, name, t) === file.base);
      return nearestTo === undefined ? undefined : `nearest to ${nearestTo}`;
    }
    case 'globs': {
      for (const glob of scope.globs) {
        const matches = globMatcher(glob);
        const hit = below.find((t) => matches(file.base === '' ? t : t.slice(file.base.length + 1)));
        if (hit !== undefined) return `${glob} matches ${hit}`;
      }
      return undefined;
    }
  }
}

/** The folder of the `name` file (AGENTS.md, CLAUDE.md) nearest above `target` among those found. */
function nearestFolder(all: readonly InstructionFile[], name: string, target: string): string | undefined {
  let best: string | undefined;
  for (const f of all) {
    if (f.scope.kind !== 'nearest' || f.path !== (f.base === '' ? name : `${f.base}/${name}`)) continue;
    if (f.base !== '' && !target.startsWith(`${f.base}/`)) continue;
    if (best === undefined || f.base.length > best.length) best = f.base;
  }
  return best;
}

/**
 * A glob as these files mean it, relative to the rule's folder: a pattern without a slash matches
 * at any depth (`*.ts` is every TypeScript file, as in .gitignore); a leading `/` or `./` anchors
 * nothing more. Dot files match.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const pattern = glob.trim().replace(/\\/g, '/').replace(/^\.?\//, '');
  if (pattern === '') return () => false;
  return picomatch(pattern.includes('/') ? pattern : `**/${pattern}`, { dot: true });
}

/** Every folder above the given files, outermost first, without the root: where nested instructions may live. */
export function foldersAbove(targets: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const t of targets) {
    const parts = t.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}
