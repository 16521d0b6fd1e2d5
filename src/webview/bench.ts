/**
 * The browser half of bench/sidebar.ts, not part of the sidebar's bundle (main.ts never imports
 * it): the benchmark bundles it alone and runs it in headless Chromium. Times the view's model +
 * render (message parse, store, DOM, layout) without the frame scheduling, and counts the DOM
 * mutations each update makes.
 */
import { App, type VsCodeApi } from './app';

const api = (state: unknown): VsCodeApi => ({ postMessage: () => undefined, getState: () => state, setState: () => undefined });

function freshApp(state: unknown): App {
  const root = document.createElement('main');
  document.body.replaceChildren(root);
  return new App({ api: api(state), root });
}

export interface RenderFigures {
  readonly parseJsonMs: number;
  readonly handleMs: number;
  readonly layoutMs: number;
  readonly elements: number;
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
  return { parseJsonMs: t1 - t0, handleMs: t2 - t1, layoutMs: t3 - t2, elements: document.body.getElementsByTagName('*').length };
}

export interface ChunkFigures {
  readonly transcript: number;
  readonly msPerChunk: number;
  readonly mutationsPerChunk: number;
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
    squadBench: { renderSnapshot: typeof renderSnapshot; streamChunks: typeof streamChunks };
  }
}
window.squadBench = { renderSnapshot, streamChunks };
