/**
 * The browser half of bench/sidebar.ts, not part of the sidebar's bundle (main.ts never imports
 * it): the benchmark bundles it alone and runs it in headless Chromium. Times the view's model +
 * render (message parse, store, DOM, layout) without the frame scheduling, and counts the DOM
 * mutations each update makes. The render includes building what is in or near view (the rest
 * waits off-screen as placeholders); `scrollThrough` measures building the rest as it scrolls in.
 */
import type { ViewFile } from '../protocol/messages';
import { App, type VsCodeApi } from './app';
import type { ChunkFigures, RenderFigures, ScrollFigures, UpdateFigures } from './benchFigures';

const api = (state: unknown): VsCodeApi => ({ postMessage: () => undefined, getState: () => state, setState: () => undefined });

function freshApp(state: unknown): App {
  const root = document.createElement('main');
  document.body.replaceChildren(root);
  return new App({ api: api(state), root });
}

/** A snapshot from JSON text to laid-out DOM; `state` decides what is open. */
export function renderSnapshot(json: string, state: unknown): RenderFigures {
  const app = freshApp(state);
  const t0 = performance.now();
  const message: unknown = JSON.parse(json);
  const t1 = performance.now();
  app.handle([message]);
  const t2 = performance.now();
  void document.body.offsetHeight;
  const t3 = performance.now();
  return { parseJsonMs: t1 - t0, handleMs: t2 - t1, layoutMs: t3 - t2, elements: document.body.getElementsByTagName('*').length, ...built() };
}

/** Of the open bodies and hunks, how many are built (the rest wait off-screen as placeholders). */
function built(): { bodiesBuilt: number; bodies: number; hunksBuilt: number; hunks: number } {
  const count = (selector: string) => document.querySelectorAll(selector).length;
  return { bodiesBuilt: count('.task-body:not(.unbuilt)'), bodies: count('.task-body'), hunksBuilt: count('.hunk:not(.unbuilt)'), hunks: count('.hunk') };
}

/** A snapshot rendered, then the first frame painted: the time until the user sees it. */
export async function firstFrame(json: string, state: unknown): Promise<number> {
  const app = freshApp(state);
  const t0 = performance.now();
  app.handle([JSON.parse(json)]);
  // The frame after the render is painted when the next one starts.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return performance.now() - t0;
}

/**
 * With the snapshot rendered as `state` opens it, the cost (handle + layout) of each kind of
 * streamed update to the first task, the one in view: its usage and status, a transcript line,
 * one more hunk in its first file, a hunk decision; and a status change of a task far off-screen.
 */
export function streamUpdates(json: string, state: unknown, runId: string, samples: number): UpdateFigures[] {
  const app = freshApp(state);
  app.handle([JSON.parse(json)]);
  const first = app.store.order[0] ?? '';
  const far = app.store.order.at(-1) ?? '';
  const task = (id: string) => app.store.tasks.get(id)!;
  const patch = (ops: unknown[]) => ({ type: 'patch', runId, ops });
  let activityLength = app.store.activity.get(first)?.length ?? 0;
  const kinds: [string, (i: number) => unknown][] = [
    ['usage and tokens of the task in view', (i) => patch([{ op: 'task', task: { ...task(first), usage: { ...task(first).usage, output: task(first).usage.output + 100 * (i + 1), calls: task(first).usage.calls + 1 } } }])],
    ['a transcript line of the task in view', () => patch([{ op: 'activity', taskId: first, start: activityLength, items: [{ round: 0, tool: 'read_file', summary: `read src/extra${activityLength++}.ts`, isError: false }] }])],
    ['a new hunk in the open file in view', (i) => {
      const files: ViewFile[] = structuredClone([...app.store.filesOf(first)]);
      const file = files[0]!;
      const at = 1000 + i * 10;
      file.hunks.push({ id: `bench-${i}`, oldStart: at, oldLines: 2, newStart: at, newLines: 3, lines: [' kept line', `+streamed line ${i}`, ' kept line'], decision: 'undecided' });
      file.added++;
      return patch([{ op: 'files', taskId: first, files }]);
    }],
    ['a hunk decision in the open file in view', (i) => {
      const file = app.store.filesOf(first)[0]!;
      const hunk = file.hunks[0]!;
      return patch([{ op: 'decisions', taskId: first, path: file.path, verdict: 'mixed', hunks: { [hunk.id]: i % 2 === 0 ? 'accepted' : 'undecided' } }]);
    }],
    ['the status of a task far off-screen', (i) => patch([{ op: 'task', task: { ...task(far), status: i % 2 === 0 ? 'running' : 'proposed' } }])],
  ];
  return kinds.map(([update, message]) => {
    void document.body.offsetHeight;
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const m = message(i);
      const t0 = performance.now();
      app.handle([m]);
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
    }
    let mutations = 0;
    for (const r of observer.takeRecords()) mutations += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
    observer.disconnect();
    times.sort((a, b) => a - b);
    return { update, medianMs: times[Math.floor(times.length / 2)] ?? NaN, p95Ms: times[Math.floor(times.length * 0.95)] ?? NaN, maxMs: times.at(-1) ?? NaN, mutationsPerUpdate: mutations / samples };
  });
}

/**
 * Scrolls from the top to the bottom a viewport at a time; at each step, the cost of building
 * what came into view (what the IntersectionObserver's callback does in the page) and laying out.
 */
export function scrollThrough(json: string, state: unknown): ScrollFigures {
  const app = freshApp(state);
  app.handle([JSON.parse(json)]);
  const scroller = document.scrollingElement ?? document.documentElement;
  const times: number[] = [];
  for (let y = window.innerHeight; y < scroller.scrollHeight; y += window.innerHeight) {
    scroller.scrollTop = y;
    const t0 = performance.now();
    app.showNearby?.();
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
  }
  const elementsAtEnd = document.body.getElementsByTagName('*').length;
  scroller.scrollTop = 0;
  const sorted = [...times].sort((a, b) => a - b);
  return { steps: times.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN, p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? NaN, maxMs: sorted.at(-1) ?? NaN, elementsAtEnd };
}

/**
 * Streams tool-call lines into one open task: at each transcript length in `at`, the mean time of
 * `samples` single-line patches (handle + layout) and the DOM mutations each made.
 */
export function streamChunks(json: string, state: unknown, runId: string, taskId: string, at: readonly number[], samples: number): ChunkFigures[] {
  const app = freshApp(state);
  app.handle([JSON.parse(json)]);
  const line = (n: number) => ({ round: 0, tool: 'read_file', summary: `read src/file${n}.ts lines 1-80`, isError: false });
  let length = app.store.activity.get(taskId)?.length ?? 0;
  const out: ChunkFigures[] = [];
  for (const target of at) {
    if (target > length) {
      app.handle([{ type: 'patch', runId, ops: [{ op: 'activity', taskId, start: length, items: Array.from({ length: target - length }, (_, i) => line(length + i)) }] }]);
      length = target;
    }
    void document.body.offsetHeight;
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    for (let i = 0; i < samples; i++) {
      app.handle([{ type: 'patch', runId, ops: [{ op: 'activity', taskId, start: length, items: [line(length)] }] }]);
      length++;
      void document.body.offsetHeight;
    }
    const ms = performance.now() - t0;
    let mutations = 0;
    for (const r of observer.takeRecords()) mutations += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
    observer.disconnect();
    out.push({ transcript: target, msPerChunk: ms / samples, mutationsPerChunk: mutations / samples });
  }
  return out;
}

declare global {
  interface Window {
    squadBench: { renderSnapshot: typeof renderSnapshot; streamChunks: typeof streamChunks; firstFrame: typeof firstFrame; streamUpdates: typeof streamUpdates; scrollThrough: typeof scrollThrough };
  }
}
window.squadBench = { renderSnapshot, streamChunks, firstFrame, streamUpdates, scrollThrough };
