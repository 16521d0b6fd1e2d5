/**
 * The fault suite's figures (test/unit/cli/faults/): every model fault kind on the planner, on each
 * task's first and middle call and in a fix round, and file-system faults during the apply, each
 * run through `squad run … --apply --json` and resumed once the fault is gone. Counts the CLI runs,
 * the runs that left a partly written workspace (goal 0) and the turns paid for twice (goal 0).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FILE_FAULT_KINDS, FIX_SITES, faultFigures, modelFaultCases, runFileFaultCase, runModelFaultCase, TASK_SITES, type CaseOutcome } from '../test/support/faultCases';
import { faultFreeScript } from '../test/support/faultProject';
import { appliedTree, type CliContext, type RunMode } from '../test/support/faultRuns';
import { startScriptedServer } from '../test/support/scriptedServer';

export interface FaultBench {
  readonly groups: readonly { readonly name: string; readonly figures: ReturnType<typeof faultFigures>; readonly failed: readonly string[] }[];
  readonly total: ReturnType<typeof faultFigures>;
  readonly skipped: readonly string[];
}

export async function benchFaults(): Promise<FaultBench> {
  const server = await startScriptedServer({ turns: [] }, { log: () => {} });
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-faults-'));
  const context = async (mode: RunMode): Promise<CliContext> => ({ server, home, mode, applied: await appliedTree(server, home, mode, faultFreeScript()) });
  try {
    const plain = await context('plain');
    const tests = await context('tests');
    const groups: { name: string; outcomes: CaseOutcome[] }[] = [
      { name: 'model faults on the planner and each task', outcomes: [] },
      { name: 'model faults in a fix round', outcomes: [] },
      { name: 'file-system faults during the apply', outcomes: [] },
    ];
    for (const c of modelFaultCases(TASK_SITES)) groups[0]!.outcomes.push(await runModelFaultCase(plain, c));
    for (const c of modelFaultCases(FIX_SITES)) groups[1]!.outcomes.push(await runModelFaultCase(tests, c));
    const skipped: string[] = [];
    for (const kind of FILE_FAULT_KINDS) {
      const outcome = await runFileFaultCase(plain, kind);
      if (outcome) groups[2]!.outcomes.push(outcome);
      else skipped.push(`${kind}: this machine cannot produce it`);
    }
    return {
      groups: groups.map((g) => ({ name: g.name, figures: faultFigures(g.outcomes), failed: g.outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.name}: ${o.problems[0] ?? ''}`) })),
      total: faultFigures(groups.flatMap((g) => g.outcomes)),
      skipped,
    };
  } finally {
    await server.close();
    await fs.rm(home, { recursive: true, force: true });
  }
}
