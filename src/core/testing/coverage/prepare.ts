/**
 * Before a coverage run: the environment that makes every Node, Python and Go process of the run
 * leave its coverage in the artefacts folder beside the tree, and the files that must be there
 * first. The approved command is not changed; the project's own PYTHONPATH and GOFLAGS are kept.
 */
import { goCoverageEnv } from './go';
import { pythonCoverageEnv, pythonCoverageFiles } from './python';

type Env = Readonly<Record<string, string | undefined>>;

/** The tree a coverage run will run in (a StagedTree). */
export interface CoverageTree {
  readonly dir: string;
  readonly artefacts: string;
  writeArtefact(relPath: string, text: string): Promise<void>;
}

/** The variables that make the run's processes write coverage into `artefacts`; `env` is the run's (what they extend). */
export function coverageEnv(artefacts: string, env: Env = {}): Record<string, string> {
  return { NODE_V8_COVERAGE: artefacts, ...pythonCoverageEnv(artefacts, env), ...goCoverageEnv(artefacts, env) };
}

/** Writes what the run needs into the artefacts folder and returns the run's environment. */
export async function prepareCoverage(tree: CoverageTree, env: Env): Promise<Env> {
  const all = coverageEnv(tree.artefacts, env);
  try {
    for (const file of pythonCoverageFiles({ root: tree.dir, out: tree.artefacts })) await tree.writeArtefact(file.name, file.text);
  } catch {
    // Without our sitecustomize Python runs as usual, uncovered; Node and Go need no file.
    const { PYTHONPATH: _ours, ...rest } = all;
    return { ...env, ...rest };
  }
  return { ...env, ...all };
}
