/**
 * `npm run bench`: prints figures, never asserts on time. Each section names its goal so a
 * reader can compare; nothing here fails the build.
 */
import { agentSystemPrompt } from '../src/core/agents/prompt';
import { BUILT_IN_ROLES } from '../src/core/agents/roles';
import { plannerPromptOverhead } from '../src/core/plan/plannerPrompt';
import { AGENT_TOOLS } from '../src/core/tools';
import { benchAttribution } from './attribution';
import { benchAttributionRuns, figureRows, missLines } from './attributionRuns';
import { HELD_OUT_DIR } from './attributionRuns/cases';
import { benchCheckpointCost, type Disk } from './checkpointCost';
import { benchCoverageOverhead } from './coverageOverhead';
import { benchEditLocation } from './editLocation';
import { benchEstimateAccuracy, estimateAccuracyRows } from './estimateAccuracy';
import { benchFaults } from './faults';
import { benchJournalSize } from './journalSize';
import { benchLoopOverhead } from './loopOverhead';
import { benchMonorepoScale, scaleLines } from './monorepoScale';
import { benchRegexSearch } from './regexSearch';
import { benchSandboxOverhead } from './sandboxOverhead';
import { benchSidebar, sidebarRows } from './sidebar';
import { benchSelectionView, selectionViewRows } from './selectionView';
import { benchWallTime, dag20, samplePlan } from './squadWallTime';
import { promptOverhead } from './tokens';
import { benchValidatePlan } from './validatePlan';

const PROMPT_BUDGET_TOKENS = 2000;

function section(title: string): void {
  console.log(`\n## ${title}`);
}

function row(label: string, value: string): void {
  console.log(`${label.padEnd(48)} ${value}`);
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  console.log('Squad benchmarks (figures only; tokens counted with o200k_base via js-tiktoken)');

  section(`Prompt overhead: system prompt + tool schemas (goal ≤ ${PROMPT_BUDGET_TOKENS} tokens each)`);
  const planner = plannerPromptOverhead();
  const plannerTokens = promptOverhead(planner.system, planner.tools);
  row('planner', `${plannerTokens.total} tokens (system ${plannerTokens.system} + tools ${plannerTokens.tools})`);
  for (const role of BUILT_IN_ROLES) {
    const t = promptOverhead(agentSystemPrompt(role), (role.tools ?? AGENT_TOOLS).map((tool) => tool.spec));
    row(`${role.name} agent`, `${t.total} tokens (system ${t.system} + tools ${t.tools})`);
  }

  section('Plan validation');
  const validation = benchValidatePlan();
  row(`validate a ${validation.tasks}-task plan`, `median ${validation.medianMs} ms, p95 ${validation.p95Ms} ms`);

  section('Parallel execution (scripted model in its own process, fixed latency per call; goal wall ≤ 1.05 × critical path)');
  for (const [name, plan] of [['four-role sample plan', samplePlan()], ['20-task DAG', dag20()]] as const) {
    const r = await benchWallTime(name, plan);
    row(`${name}: ${r.tasks} tasks, ${r.modelCalls} calls, ${r.latencyMs} ms latency`, `one bare call ${r.callRoundTripMs.toFixed(1)} ms`);
    row('  critical path (calls × bare call)', ms(r.criticalPathMeasuredMs));
    row('  wall, concurrency 4', `${ms(r.parallelMs)} = ${(r.parallelMs / r.criticalPathMeasuredMs).toFixed(3)} × critical path`);
    row('  wall, one task after another', `${ms(r.sequentialMs)} → speedup ${(r.sequentialMs / r.parallelMs).toFixed(2)}×`);
    row('  orchestrator CPU per model call', `${r.cpuMsPerCall.toFixed(2)} ms`);
  }

  section('Edit location (goal: 0 applied wrongly, ≥ 97% of drifted edits applied correctly)');
  const edits = benchEditLocation();
  console.log(`${'category'.padEnd(24)} ${'total'.padStart(6)} ${'correct'.padStart(8)} ${'refused'.padStart(8)} ${'wrong'.padStart(6)}`);
  for (const [category, s] of Object.entries(edits.byCategory)) {
    console.log(`${category.padEnd(24)} ${String(s.total).padStart(6)} ${String(s.appliedCorrectly).padStart(8)} ${String(s.refused).padStart(8)} ${String(s.appliedWrongly).padStart(6)}`);
  }
  row('drifted edits applied correctly', `${edits.driftedAppliedCorrectlyPct.toFixed(1)}%`);
  row('time per edit on a 10,000-line file (median)', `${edits.msPerEditOn10kLines.toFixed(2)} ms`);

  section('Failure attribution on real outputs of jest, vitest, mocha, node:test, pytest, go test (goal ≥ 95% top-1)');
  const attribution = await benchAttribution();
  for (const [tool, t] of Object.entries(attribution.byTool)) row(`  ${tool}`, `${t.top1}/${t.outputs}`);
  row(`top-1 file, ${attribution.cases} cases, ${attribution.outputs} outputs`, `${attribution.top1}/${attribution.outputs} = ${attribution.top1Pct.toFixed(1)}%`);
  for (const miss of attribution.misses) row('  miss', miss);

  section('Failure attribution on real runs: source-only, qa-tests, baseline (bench/attribution-runs; goal ≥ 95% top-1 in each)');
  const runs = await benchAttributionRuns();
  for (const [label, value] of figureRows(runs)) row(`  ${label}`, value);
  for (const miss of missLines(runs)) row('  miss', miss);

  section('The same on the held-out cases (bench/attribution-runs/held-out, written without the attribution code in view)');
  const heldOut = await benchAttributionRuns({ dir: HELD_OUT_DIR });
  for (const [label, value] of figureRows(heldOut)) row(`  ${label}`, value);
  for (const miss of missLines(heldOut)) row('  miss', miss);

  section('Test loop overhead per round, beyond the test command (examples/taskboard, node --test)');
  for (const r of await benchLoopOverhead()) {
    row(`staging by ${r.staging}, ${r.rounds} rounds`, `round ${ms(r.medianRoundMs)}, command ${ms(r.medianCommandMs)}, overhead ${ms(r.medianOverheadMs)} (medians)`);
  }

  section('OS sandbox per test round (small node --test; goal: overhead under 100 ms)');
  const sandbox = await benchSandboxOverhead();
  if (sandbox.kind === 'none') row('no sandbox on this machine', sandbox.reason);
  else {
    row(`plain child process, ${sandbox.rounds} rounds`, `${ms(sandbox.plainMs)} (median)`);
    row('bubblewrap, no network', `${ms(sandbox.sandboxedMs)} → overhead ${ms(sandbox.sandboxedMs - sandbox.plainMs)}`);
    row('bubblewrap, one allowed endpoint', `${ms(sandbox.endpointsMs)} → overhead ${ms(sandbox.endpointsMs - sandbox.plainMs)}`);
  }

  section('Coverage re-run vs plain run: pytest (coverage.py in every Python process), go test (-coverprofile); medians, in the sandbox');
  for (const r of await benchCoverageOverhead()) {
    if ('skipped' in r) row(r.label, `skipped: ${r.skipped}`);
    else {
      row(`${r.label}, ${r.rounds} rounds`, `command ${ms(r.plainCommandMs)} → ${ms(r.coveredCommandMs)} (×${(r.coveredCommandMs / r.plainCommandMs).toFixed(2)}), ${r.processes} covered processes`);
      row('  whole run (stage, run, parse, read coverage)', `${ms(r.plainTotalMs)} → ${ms(r.coveredTotalMs)} (+${ms(r.coveredTotalMs - r.plainTotalMs)})`);
    }
  }

  section('Regex search on a worker thread (a 2 s budget per call stops catastrophic patterns)');
  const regex = await benchRegexSearch();
  row(`search, ${regex.files} files, ${regex.lines} lines, ${regex.matches} matches`, `in-thread ${regex.inThreadMs.toFixed(1)} ms, worker ${regex.workerMs.toFixed(1)} ms (medians)`);
  row('  first call, starting the worker', `${regex.workerColdMs.toFixed(1)} ms`);

  section('Monorepo scale: workspace tools vs ripgrep (goals: search ≤ 2 × rg, listing ≤ 2 × rg --files; CPU per call ≤ 3 × small repo; peak RSS ≤ 250 MB)');
  for (const [label, value] of scaleLines(await benchMonorepoScale())) row(label, value);

  section('Checkpoint cost on a 50,000-file repository: Squad (private repository borrowing objects) vs a full shadow-repository snapshot (Cline, Roo)');
  const cost = await benchCheckpointCost();
  const size = (n: number) => (n >= 10 * 1048576 ? `${(n / 1048576).toFixed(0)} MB` : `${(n / 1024).toFixed(0)} KB`);
  const disk = (d: Disk, sign = '') => `${sign}${size(d.allocated)} on disk (${sign}${size(d.apparent)} in ${d.files.toFixed(0)} files)`;
  row('synthetic repository', `${cost.files} files in ${cost.folders} folders, ${(cost.repoBytes / 1048576).toFixed(0)} MB, built and committed in ${ms(cost.buildMs)}`);
  row('repetitions (medians of)', `Squad ${cost.repetitions.squad}, shadow ${cost.repetitions.shadow}`);
  for (const s of cost.squad) row(`Squad checkpoint, ${s.touched} files`, `median ${ms(s.medianMs)} (first, creating its repository: ${ms(s.firstMs)}), each ${disk(s.diskEach)}`);
  row('Squad checkpoint, 5 files, store full', `median ${ms(cost.squadSteadyMs)} (each create also drops the oldest and prunes)`);
  row('shadow snapshot, first (git add -A && git commit)', `median ${ms(cost.shadowFirst.medianMs)}, ${disk(cost.shadowFirst.disk)}`);
  row('shadow snapshot, after a 5-file change', `median ${ms(cost.shadowSecond.medianMs)}, ${disk(cost.shadowSecond.diskAdded, '+')}`);

  section('Sidebar: 200 tasks and 2,000 hunks (goals: ≤ 100 ms to render with everything open, ≤ 16 ms per streamed update; cost per streamed line constant)');
  for (const [label, value] of sidebarRows(await benchSidebar())) row(label, value);

  section('Sidebar: the accepted selection against what the tests ran on, same run (decisions are not streamed; figures only)');
  for (const [label, value] of selectionViewRows(benchSelectionView())) row(label, value);

  section('Plan estimate vs use: the demo run (examples/demo/session.json) replayed, no earlier runs (estimated from prompt sizes); used = its requests and replies counted');
  for (const [label, value] of estimateAccuracyRows(await benchEstimateAccuracy())) row(label, value);

  section('Journal size: the demo run (examples/demo/session.json, tests and --apply; goal ≤ 2 × the files it changes)');
  const journal = await benchJournalSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const changed = journal.changedBefore + journal.changedAfter;
  row(`journal, ${journal.events} events`, kb(journal.journalBytes));
  row('changed files before + after (after alone)', `${kb(changed)} (${kb(journal.changedAfter)})`);
  row('journal ÷ changed files before + after', `${(journal.journalBytes / changed).toFixed(2)} × (÷ after alone: ${(journal.journalBytes / journal.changedAfter).toFixed(2)} ×)`);
  row('the same run with whole texts in every proposal', `${kb(journal.inlineBytes)} (${(journal.inlineBytes / changed).toFixed(2)} ×), no tool results`);
  for (const [type, bytes] of journal.byType.slice(0, 5)) row(`  ${type}`, kb(bytes));

  section('Fault suite: squad run --apply --json under model and file-system faults, then --resume (goals: 0 partial writes, 0 turns paid twice)');
  const faults = await benchFaults();
  for (const g of faults.groups) {
    row(g.name, `${g.figures.cases} cases, ${g.figures.runs} runs: ${g.figures.partialWrites} partial writes, ${g.figures.rebilled} turns paid twice, ${g.figures.failedChecks} cases failing a check`);
    for (const f of g.failed) row('  failed', f.split('\n', 1)[0] ?? '');
  }
  row('total', `${faults.total.runs} runs, ${faults.total.partialWrites} partial writes, ${faults.total.rebilled} re-billed turns`);
  for (const s of faults.skipped) row('  skipped', s);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
