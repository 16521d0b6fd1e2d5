/**
 * Python's coverage (coverage.py, Debian's `python3-coverage`) without touching the approved
 * command: a folder of ours leads PYTHONPATH, and its `sitecustomize.py` — which Python's `site`
 * imports at the start of every process that does not run isolated (`-I`, `-E`, `-S`) — starts
 * coverage.py for the process and, at exit, writes the lines it ran in the tree as JSON into the
 * artefacts folder. pytest, its xdist workers, a script a test spawns: each Python process writes
 * its own file. The folder sits beside the tree in the scratch base, so the sandbox sees it.
 *
 * Nothing of this may change what the tests do: when coverage.py cannot be imported (a project
 * virtualenv that lacks it and no system copy), the process runs as it would have; the project's
 * own `sitecustomize` (on its PYTHONPATH or in the interpreter) still runs after ours; our folder
 * leaves `sys.path` again; coverage.py reads none of the project's configuration (a plugin it
 * names, `omit` of the tests, a data file of the project's) and its warnings are silenced.
 */
import { hostPathStyle, joinHostPath } from './hostPath';

/** Subfolder of the artefacts folder put first on PYTHONPATH (a subfolder: the artefacts reader skips it). */
export const PYTHON_SITE_DIR = 'python-site';
/** Names of the JSON files the processes write. */
export const PYTHON_COVERAGE_FILE = /^python-coverage-[^/\\]*\.json$/;
const FORMAT = 'squad-python-coverage';

/**
 * Where coverage.py is looked for when the interpreter cannot import it: the base interpreter's
 * own site-packages (a virtualenv's), then system copies — Debian and Ubuntu's `python3-coverage`,
 * and the same-version system site-packages of Fedora and Arch. Only the `coverage` package is
 * loaded from these folders, never put on `sys.path`: the rest of a system folder would change
 * what the tests import. (A C tracer built for another Python version does not load; coverage.py
 * then traces in Python, slower but only for the coverage re-run.)
 */
export const PYTHON_COVERAGE_FOLDERS: readonly string[] = [
  '<base-site-packages>',
  '/usr/lib/python3/dist-packages',
  '/usr/lib/python{version}/site-packages',
  '/usr/lib64/python{version}/site-packages',
];

/** PYTHONPATH with our folder first, the project's own entries after it. */
export function pythonCoverageEnv(artefacts: string, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const site = joinHostPath(artefacts, PYTHON_SITE_DIR);
  const existing = env['PYTHONPATH'];
  return { PYTHONPATH: existing ? `${site}${hostPathStyle(artefacts).delimiter}${existing}` : site };
}

export interface PythonSiteOptions {
  /** The tree the tests run in: only files under it are measured. */
  readonly root: string;
  /** The artefacts folder the JSON goes to. */
  readonly out: string;
  readonly folders?: readonly string[];
}

/** The files written into the artefacts folder before the run (names relative to it). */
export function pythonCoverageFiles(options: PythonSiteOptions): { name: string; text: string }[] {
  return [{ name: `${PYTHON_SITE_DIR}/sitecustomize.py`, text: pythonSiteCustomize(options) }];
}

/** The executed lines per tree-relative file of one process's JSON; undefined when it is not ours (or torn). */
export function parsePythonCoverage(json: string): Map<string, Set<number>> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== FORMAT) return undefined;
  const files = (data as { files?: unknown }).files;
  if (typeof files !== 'object' || files === null) return undefined;
  const out = new Map<string, Set<number>>();
  for (const [rel, lines] of Object.entries(files)) {
    if (!Array.isArray(lines) || rel === '' || rel.startsWith('/') || rel.split('/').includes('..')) continue;
    const set = new Set(lines.filter((l): l is number => Number.isInteger(l) && l > 0));
    if (set.size > 0) out.set(rel, set);
  }
  return out;
}

// JSON string literals are Python string literals too (for what JSON.stringify writes).
const py = (value: unknown): string => JSON.stringify(value);

/**
 * The sitecustomize.py. Only documented coverage.py API: `Coverage(data_file=None,
 * config_file=False, include=…, omit=…)`, `start()`, `stop()`, `get_data()` and the
 * `CoverageData` readers `measured_files()` and `lines()`. We write the executed lines ourselves
 * instead of `json_report()`, which parses every measured file again to count statements.
 */
export function pythonSiteCustomize(options: PythonSiteOptions): string {
  return `# Written by Squad for one coverage re-run of a test suite; removed with the scratch copy.
# Every Python process of the run imports it first (its folder leads PYTHONPATH): it measures the
# lines the process runs in the copy with coverage.py and writes them at exit as JSON beside the
# copy, as evidence of what each failing test executed. If anything goes wrong, or coverage.py is
# not installed, the process runs exactly as it would have without this file.
import sys

_SQUAD_ROOT = ${py(options.root)}
_SQUAD_OUT = ${py(options.out)}
_SQUAD_FOLDERS = ${py(options.folders ?? PYTHON_COVERAGE_FOLDERS)}


def _squad_folders():
    import os
    version = "%d.%d" % sys.version_info[:2]
    for folder in _SQUAD_FOLDERS:
        if folder == "<base-site-packages>":
            import sysconfig
            base = {"base": sys.base_prefix, "platbase": sys.base_exec_prefix,
                    "installed_base": sys.base_prefix, "installed_platbase": sys.base_exec_prefix}
            paths = sysconfig.get_paths(vars=base)
            found = [paths.get("purelib"), paths.get("platlib")]
        else:
            found = [folder.replace("{version}", version)]
        for f in found:
            if f and os.path.isdir(f):
                yield f


def _squad_coverage():
    try:
        import coverage
        return coverage
    except Exception:
        pass
    import importlib.machinery
    import importlib.util
    for folder in _squad_folders():
        spec = importlib.machinery.PathFinder.find_spec("coverage", [folder])
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules["coverage"] = module
        try:
            spec.loader.exec_module(module)
            return module
        except Exception:
            for name in [n for n in sys.modules if n == "coverage" or n.startswith("coverage.")]:
                del sys.modules[name]
    return None


def _squad_save(cov, shared):
    try:
        if shared:
            return
        import json
        import os
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cov.stop()
            data = cov.get_data()
        root = os.path.realpath(_SQUAD_ROOT)
        files = {}
        for name in data.measured_files():
            lines = data.lines(name)
            if not lines:
                continue
            try:
                rel = os.path.relpath(os.path.realpath(name), root)
            except ValueError:
                continue  # another drive (Windows)
            if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
                continue
            files[rel.replace(os.sep, "/")] = sorted(lines)
        if not files:
            return
        path = os.path.join(_SQUAD_OUT, "python-coverage-%d-%s.json" % (os.getpid(), os.urandom(4).hex()))
        # Written aside, then renamed: a process killed mid-write leaves no torn JSON under the real name.
        with open(path + ".part", "w") as out:
            json.dump({"format": ${py(FORMAT)}, "files": files}, out)
        os.replace(path + ".part", path)
    except Exception:
        pass


def _squad_start():
    import os
    here = os.path.normcase(os.path.dirname(os.path.abspath(__file__)))
    # The tests see the sys.path they would see without us (children still get PYTHONPATH).
    sys.path[:] = [p for p in sys.path if not p or os.path.normcase(os.path.abspath(p)) != here]
    coverage = _squad_coverage()
    if coverage is None:
        return
    # The project measures this process already (COVERAGE_PROCESS_START): starting ours would
    # pause theirs, and their figures (a --fail-under) would change.
    if coverage.Coverage.current() is not None:
        return
    root = os.path.realpath(_SQUAD_ROOT)
    # include, not source: source would walk the whole tree at exit looking for unexecuted files.
    cov = coverage.Coverage(data_file=None, config_file=False, include=[os.path.join(root, "*")],
                            omit=["*/site-packages/*", "*/dist-packages/*"])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cov.start()
    # Another Coverage started in this process (pytest-cov) pauses ours while it runs: what we saw
    # then has gaps that would read as "not executed", so such a process reports nothing.
    shared = []
    started = coverage.Coverage.start

    def start(self, *args, **kwargs):
        if self is not cov:
            shared.append(True)
        return started(self, *args, **kwargs)

    coverage.Coverage.start = start
    import atexit
    atexit.register(_squad_save, cov, shared)


def _squad_chain():
    # The sitecustomize ours shadows (the project's on PYTHONPATH, or the interpreter's) runs next,
    # outside any try: its errors show as they would without us.
    import os
    try:
        import importlib.machinery
        import importlib.util
        spec = importlib.machinery.PathFinder.find_spec("sitecustomize", sys.path)
        if spec is None or spec.loader is None or spec.origin is None:
            return
        if os.path.realpath(spec.origin) == os.path.realpath(__file__):
            return
        module = importlib.util.module_from_spec(spec)
    except Exception:
        return
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


try:
    _squad_start()
except Exception:
    pass
_squad_chain()
`;
}
