/**
 * The sidebar's speed (issue 6, goal 8). Prints figures, asserts nothing.
 *  - extension side (node): projecting a 200-task, 2,000-hunk run into the view model, and the
 *    delta that one event costs afterwards;
 *  - view side (headless Chromium, the view's own code bundled): rendering that run's snapshot
 *    with tasks closed and with every task and file open (goal ≤ 100 ms; open bodies and hunks
 *    off-screen wait as placeholders, built as they scroll in), the first painted frame, the cost
 *    of each kind of streamed update with everything open (goal ≤ 16 ms), of building what each
 *    viewport of a scroll to the bottom brings in, and of one streamed transcript line as the
 *    transcript grows (goal: constant).
 * `benchSidebar()` returns the figures; `sidebarRows()` words them. Run alone:
 * `node --import tsx bench/sidebar.ts`.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { reduceRun, type RunState } from '../src/core/run/reduce';
import { ViewTracker } from '../src/vscode/view/tracker';
import { launchChromium, openSidebarPage } from '../test/e2e/sidebarPage';
import type { ChunkFigures, RenderFigures, ScrollFigures, UpdateFigures } from '../src/webview/benchFigures';
import { bigRunEvents, lastState, stamp } from '../test/unit/webview/runFixture';

const TASKS = 200;
const ACTIVITY_PER_TASK = 5;
const TRANSCRIPT_POINTS = [100, 1_000, 5_000, 10_000];

// The shapes src/webview/bench.ts returns from the page (not imported: that file needs the DOM's types).

export interface SidebarFigures {
  readonly tasks: number;
  readonly hunks: number;
  readonly snapshotBytes: number;
  /** Extension: the whole view model from the state (diffs included), median ms. */
  readonly projectMs: number;
  /** Extension: the ops after one more tool call / one hunk decision, median ms. */
  readonly deltaToolCallMs: number;
  readonly deltaDecisionMs: number;
  /** View: the snapshot rendered with every task closed, and with every task and file open (median of runs). */
  readonly collapsed: RenderFigures;
  readonly expanded: RenderFigures;
  /** Everything open: from the snapshot to its first painted frame (median). */
  readonly expandedFirstFrameMs: number;
  /** Everything open: each kind of streamed update. */
  readonly updates: readonly UpdateFigures[];
  readonly scroll: ScrollFigures;
  readonly chunks: readonly ChunkFigures[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timeMs(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function medianRender(figures: RenderFigures[]): RenderFigures {
  const pick = (k: keyof RenderFigures) => median(figures.map((f) => f[k]));
  return {
    parseJsonMs: pick('parseJsonMs'), handleMs: pick('handleMs'), layoutMs: pick('layoutMs'), elements: pick('elements'),
    bodiesBuilt: pick('bodiesBuilt'), bodies: pick('bodies'), hunksBuilt: pick('hunksBuilt'), hunks: pick('hunks'),
  };
}

function extensionSide(state: RunState) {
  const projectMs = timeMs(() => new ViewTracker().snapshot(state, true), 7);
  const tracker = new ViewTracker();
  const model = tracker.snapshot(state, true);
  let current = state;
  let seq = state.lastSeq + 1;
  const next = (payload: Parameters<typeof stamp>[0][number]) => (current = reduceRun(current, stamp([payload], state.runId, seq++)[0]!));
  const toolTimes: number[] = [];
  const decisionTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    next({ type: 'tool.called', taskId: `t${(i % TASKS) + 1}`, round: 0, turn: 100 + i, callId: `b${i}`, tool: 'search', summary: `searched "x${i}"`, isError: false });
    let t0 = performance.now();
    tracker.delta(current, true);
    toolTimes.push(performance.now() - t0);
    const file = model.files[`t${(i % TASKS) + 1}`]![0]!;
    next({ type: 'review.decided', scope: { kind: 'hunk', taskId: `t${(i % TASKS) + 1}`, path: file.path, hunkId: file.hunks[0]!.id }, decision: 'accepted' });
    t0 = performance.now();
    tracker.delta(current, true);
    decisionTimes.push(performance.now() - t0);
  }
  return { model, projectMs, deltaToolCallMs: median(toolTimes), deltaDecisionMs: median(decisionTimes) };
}

export async function benchSidebar(): Promise<SidebarFigures> {
  const state = lastState(stamp(bigRunEvents(TASKS, ACTIVITY_PER_TASK)));
  const ext = extensionSide(state);
  const snapshot = JSON.stringify({ type: 'snapshot', model: ext.model, recent: [] });
  const hunks = Object.values(ext.model.files).flat().reduce((n, f) => n + f.hunks.length, 0);

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-sidebar-'));
  const browser = await launchChromium();
  try {
    const script = path.join(dir, 'bench.js');
    await build({ entryPoints: [path.join(__dirname, '../src/webview/bench.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: script, logLevel: 'silent' });
    const page = await openSidebarPage(browser, { script, height: 900 });
    try {
      const allOpen = {
        v: 1,
        runId: state.runId,
        expandedTasks: ext.model.order,
        expandedFiles: Object.entries(ext.model.files).flatMap(([taskId, files]) => files.map((f) => `${taskId}:${f.path}`)),
        collapsedSections: [],
        scrollTop: 0,
        draft: '',
      };
      const render = (uiState: unknown) => page.page.evaluate(([json, s]) => (globalThis as unknown as BenchGlobals).squadBench.renderSnapshot(json, s), [snapshot, uiState] as const);
      await render(null); // warm-up: the first run also compiles the code
      const collapsed: RenderFigures[] = [];
      const expanded: RenderFigures[] = [];
      for (let i = 0; i < 5; i++) collapsed.push(await render(null));
      for (let i = 0; i < 5; i++) expanded.push(await render(allOpen));
      const frames: number[] = [];
      for (let i = 0; i < 5; i++) frames.push(await page.page.evaluate(([json, s]) => (globalThis as unknown as BenchGlobals).squadBench.firstFrame(json, s), [snapshot, allOpen] as const));
      const updates = await page.page.evaluate(([json, s, runId]) => (globalThis as unknown as BenchGlobals).squadBench.streamUpdates(json, s, runId, 100), [snapshot, allOpen, state.runId] as const);
      const scroll = await page.page.evaluate(([json, s]) => (globalThis as unknown as BenchGlobals).squadBench.scrollThrough(json, s), [snapshot, allOpen] as const);
      const oneOpen = { ...allOpen, expandedTasks: ['t1'], expandedFiles: [] };
      const chunks = await page.page.evaluate(
        ([json, s, runId, points]) => (globalThis as unknown as BenchGlobals).squadBench.streamChunks(json, s, runId, 't1', points, 200),
        [snapshot, oneOpen, state.runId, TRANSCRIPT_POINTS] as const,
      );
      return { tasks: TASKS, hunks, snapshotBytes: snapshot.length, projectMs: ext.projectMs, deltaToolCallMs: ext.deltaToolCallMs, deltaDecisionMs: ext.deltaDecisionMs, collapsed: medianRender(collapsed), expanded: medianRender(expanded), expandedFirstFrameMs: median(frames), updates, scroll, chunks };
    } finally {
      await page.close();
    }
  } finally {
    await browser.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

interface BenchGlobals {
  squadBench: {
    renderSnapshot(json: string, state: unknown): RenderFigures;
    streamChunks(json: string, state: unknown, runId: string, taskId: string, at: readonly number[], samples: number): ChunkFigures[];
    firstFrame(json: string, state: unknown): Promise<number>;
    streamUpdates(json: string, state: unknown, runId: string, samples: number): UpdateFigures[];
    scrollThrough(json: string, state: unknown): ScrollFigures;
  };
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

/** Label / value rows for bench/index.ts. */
export function sidebarRows(f: SidebarFigures): [string, string][] {
  const total = (r: RenderFigures) => r.parseJsonMs + r.handleMs + r.layoutMs;
  return [
    [`run of ${f.tasks} tasks, ${f.hunks} hunks: snapshot message`, `${(f.snapshotBytes / 1024).toFixed(0)} KiB`],
    ['extension: project the view model (diffs included)', ms(f.projectMs)],
    ['extension: delta after one tool call', ms(f.deltaToolCallMs)],
    ['extension: delta after one hunk decision', ms(f.deltaDecisionMs)],
    ['view: render the snapshot, tasks closed (goal ≤ 100 ms)', `${ms(total(f.collapsed))} (JSON ${ms(f.collapsed.parseJsonMs)}, parse+model+DOM ${ms(f.collapsed.handleMs)}, layout ${ms(f.collapsed.layoutMs)}; ${f.collapsed.elements} elements)`],
    ['view: render it with every task and file open (goal ≤ 100 ms)', `${ms(total(f.expanded))} (JSON ${ms(f.expanded.parseJsonMs)}, parse+model+DOM ${ms(f.expanded.handleMs)}, layout ${ms(f.expanded.layoutMs)}; ${f.expanded.elements} elements)`],
    ['  built at once (in or near view; the rest as placeholders)', `${f.expanded.bodiesBuilt} of ${f.expanded.bodies} open bodies, ${f.expanded.hunksBuilt} of ${f.expanded.hunks} hunks in built bodies`],
    ['  to the first painted frame', ms(f.expandedFirstFrameMs)],
    ...f.updates.map((u): [string, string] => [`  update (goal ≤ 16 ms): ${u.update}`, `median ${ms(u.medianMs)}, p95 ${ms(u.p95Ms)}, max ${ms(u.maxMs)} (handle + layout), ${u.mutationsPerUpdate.toFixed(1)} DOM mutations`]),
    [`  scroll to the bottom, ${f.scroll.steps} viewports: build what comes in + layout`, `median ${ms(f.scroll.medianMs)}, p95 ${ms(f.scroll.p95Ms)}, max ${ms(f.scroll.maxMs)} per viewport; ${f.scroll.elementsAtEnd} elements at the end`],
    ...f.chunks.map((c): [string, string] => [`view: one streamed line, transcript of ${c.transcript}`, `${ms(c.msPerChunk)} per line (handle + layout), ${c.mutationsPerChunk.toFixed(1)} DOM mutations`]),
  ];
}

if (require.main === module) {
  benchSidebar()
    .then((f) => {
      console.log('## Sidebar (goal: snapshot ≤ 100 ms; a streamed line costs the same at any transcript length)');
      for (const [label, value] of sidebarRows(f)) console.log(`${label.padEnd(58)} ${value}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
