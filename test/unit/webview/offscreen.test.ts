/**
 * Building what is off-screen only when it nears the viewport (src/webview/offscreen.ts), the
 * heights its placeholders take (estimate.ts), and the keyed updates that keep unchanged rows and
 * hunks (reconcile.ts). The browser's side — IntersectionObserver, layout, focus — is tested on
 * the built sidebar in test/e2e/sidebarView.e2e.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ViewFile, ViewHunk } from '../../../src/protocol/messages';
import { ACTIVITY_WINDOW, bodyHeight, hunkHeight, hunksHeight, PX } from '../../../src/webview/estimate';
import { isNear, OffscreenBuilder, type Placeholder, type WatcherFactory } from '../../../src/webview/offscreen';
import { planKeyed, sameFileHead, sameHunk } from '../../../src/webview/reconcile';

const VIEWPORT = 900;

/** A placeholder whose place the test sets; counts how often its rect is read. */
class Box implements Placeholder {
  isConnected = true;
  reads = 0;
  constructor(public top: number, public height = 100, public width = 300) {}
  getBoundingClientRect() {
    this.reads++;
    return { top: this.top, bottom: this.top + this.height, width: this.width, height: this.height };
  }
}

/** A watcher standing in for IntersectionObserver: the test says which anchors came near. */
function recordingWatcher() {
  const observed = new Set<Box>();
  let near: (targets: readonly Box[]) => void = () => undefined;
  const factory: WatcherFactory<Box> = (callback) => {
    near = callback;
    return { observe: (b) => observed.add(b), unobserve: (b) => observed.delete(b) };
  };
  return { factory, observed, comeNear: (...boxes: Box[]) => near(boxes) };
}

describe('building off-screen parts when they near the viewport', () => {
  it('a placeholder is a viewport or less away, and shown', () => {
    const rect = (top: number, height = 100, width = 300) => ({ top, bottom: top + height, width, height });
    assert.equal(isNear(rect(0), VIEWPORT, 1), true);
    assert.equal(isNear(rect(1700), VIEWPORT, 1), true, 'within a viewport below');
    assert.equal(isNear(rect(1801), VIEWPORT, 1), false);
    assert.equal(isNear(rect(-999), VIEWPORT, 1), true, 'its bottom is within a viewport above');
    assert.equal(isNear(rect(-1001), VIEWPORT, 1), false);
    assert.equal(isNear(rect(0, 0, 0), VIEWPORT, 1), false, 'a hidden placeholder has an empty rect at 0,0');
  });

  it('builds a deferred part once the watcher says it came near, once, and never after a cancel', () => {
    const w = recordingWatcher();
    const lazy = new OffscreenBuilder<Box>(w.factory, () => VIEWPORT);
    const a = new Box(5000);
    const b = new Box(6000);
    const built: string[] = [];
    lazy.defer(a, () => built.push('a'));
    lazy.defer(b, () => built.push('b'));
    assert.deepEqual(built, []);
    assert.equal(lazy.waiting, 2);
    assert.deepEqual([...w.observed], [a, b]);
    w.comeNear(a);
    w.comeNear(a);
    assert.deepEqual(built, ['a'], 'built once');
    assert.deepEqual([...w.observed], [b], 'no longer watched');
    lazy.cancel(b);
    w.comeNear(b);
    assert.deepEqual(built, ['a'], 'a cancelled placeholder is never built');
    assert.equal(lazy.waiting, 0);
  });

  it('without IntersectionObserver everything is built at once', () => {
    const lazy = new OffscreenBuilder<Box>(undefined, () => VIEWPORT);
    let built = 0;
    lazy.defer(new Box(99_999), () => built++);
    assert.equal(built, 1);
    assert.equal(lazy.waiting, 0);
  });

  it('flush builds what is in or near view, and what those builds add or push into view', () => {
    const w = recordingWatcher();
    const lazy = new OffscreenBuilder<Box>(w.factory, () => VIEWPORT);
    const built: string[] = [];
    const top = new Box(100);
    const below = new Box(2500);
    const far = new Box(50_000);
    const hidden = new Box(0, 0, 0);
    const gone = new Box(200);
    gone.isConnected = false;
    // Building `top` makes it shorter than its estimate: `below` moves up into the margin.
    lazy.defer(top, () => {
      built.push('top');
      below.top = 1500;
      // …and the body it built holds a placeholder of its own, in view.
      lazy.defer(new Box(300), () => built.push('inner'));
    });
    lazy.defer(below, () => built.push('below'));
    lazy.defer(far, () => built.push('far'));
    lazy.defer(hidden, () => built.push('hidden'));
    lazy.defer(gone, () => built.push('gone'));
    assert.equal(lazy.flush(), 3);
    assert.deepEqual(built, ['top', 'below', 'inner']);
    assert.equal(lazy.waiting, 3, 'far, hidden and disconnected ones wait');
    assert.equal(lazy.flush(), 0, 'nothing more to build');
  });

  it('an anchor decides for the placeholders inside it, and a far skipper spares reading them', () => {
    const w = recordingWatcher();
    const card = new Box(20_000, 300);
    const skipperOf = (b: Box) => (b === inner ? card : null);
    const lazy = new OffscreenBuilder<Box>(w.factory, () => VIEWPORT, skipperOf);
    const body = new Box(20_100);
    const inner = new Box(20_150);
    const built: string[] = [];
    lazy.defer(body, () => built.push('body'), card);
    lazy.defer(inner, () => built.push('inner'));
    assert.deepEqual([...w.observed], [card, inner], 'the anchor is watched, not the placeholder in it');
    assert.equal(lazy.flush(), 0);
    assert.equal(inner.reads, 0, 'its card is far: the placeholder inside is not laid out to be asked');
    assert.equal(body.reads, 0);
    w.comeNear(card);
    assert.deepEqual(built, ['body']);
    card.top = 0;
    inner.top = 150;
    assert.equal(lazy.flush(), 1);
    assert.deepEqual(built, ['body', 'inner']);
  });

  it('buildNow builds a waiting part at once (the keyboard reached it) and clear forgets the rest', () => {
    const w = recordingWatcher();
    const lazy = new OffscreenBuilder<Box>(w.factory, () => VIEWPORT);
    const a = new Box(9000);
    const b = new Box(9500);
    let built = 0;
    lazy.defer(a, () => built++);
    lazy.defer(b, () => built++);
    lazy.buildNow(a);
    lazy.buildNow(a);
    assert.equal(built, 1);
    lazy.clear();
    assert.equal(lazy.waiting, 0);
    assert.equal(w.observed.size, 0);
  });
});

const hunk = (id: string, lines: string[], over: Partial<ViewHunk> = {}): ViewHunk => ({ id, oldStart: 10, oldLines: 2, newStart: 10, newLines: 2, lines, decision: 'undecided', ...over });
const file = (path: string, hunks: ViewHunk[], over: Partial<ViewFile> = {}): ViewFile => ({ path, kind: 'modified', added: 1, removed: 1, verdict: 'undecided', hunks, ...over });

describe('placeholder heights', () => {
  it('a hunk is its head and its lines; a file\'s hunks add their gaps and margins', () => {
    const eight = hunk('h', Array.from({ length: 8 }, (_, i) => ` line ${i}`));
    assert.equal(hunkHeight(eight), PX.hunkChrome + 8 * PX.diffLine);
    assert.equal(hunksHeight([eight, eight]), PX.hunksMargin + 2 * hunkHeight(eight) + PX.hunkGap);
    assert.equal(hunksHeight([]), 0);
  });

  it('a body grows by exactly the hunks of a file that is open; the transcript stops at its scroll height', () => {
    const task = { description: 'Do part 1.', status: 'proposed' as const, startedAt: 1 };
    const files = [file('a.js', [hunk('1', [' a', '-b', '+c']), hunk('2', [' d', '+e'])]), file('b.js', [hunk('3', ['+x'])])];
    const closed = bodyHeight({ task, activity: [], files, isOpen: () => false });
    const aOpen = bodyHeight({ task, activity: [], files, isOpen: (p) => p === 'a.js' });
    assert.ok(Math.abs(aOpen - closed - hunksHeight(files[0]!.hunks)) <= 1, 'rounded to the pixel');
    const line = { round: 0, tool: 'read_file', summary: 'read x', isError: false };
    const some = bodyHeight({ task, activity: Array.from({ length: 3 }, () => line), files, isOpen: () => false });
    const many = bodyHeight({ task, activity: Array.from({ length: ACTIVITY_WINDOW * 3 }, () => line), files, isOpen: () => false });
    const more = bodyHeight({ task, activity: Array.from({ length: ACTIVITY_WINDOW * 4 }, () => line), files, isOpen: () => false });
    assert.ok(some > closed && many > some);
    assert.equal(more, many, 'the transcript box scrolls past its height');
    const notStarted = bodyHeight({ task: { description: 'Do part 1.', status: 'pending' }, activity: [], files: [], isOpen: () => false });
    assert.ok(notStarted < closed, 'a task not started shows no transcript and no files');
  });
});

describe('keyed updates of a proposal', () => {
  it('a hunk is the same only with the same id and the same text and place', () => {
    const h = hunk('h1', [' a', '+b']);
    assert.equal(sameHunk(h, { ...h, decision: 'accepted' }), true, 'a decision is updated in place, not rebuilt');
    assert.equal(sameHunk(h, { ...h, id: 'h2' }), false);
    assert.equal(sameHunk(h, { ...h, lines: [' a', '+c'] }), false);
    assert.equal(sameHunk(h, { ...h, newStart: 11 }), false, 'moved by an earlier hunk: its line numbers change');
    assert.equal(sameFileHead(file('a', [h]), file('a', [h], { added: 2 })), false);
    assert.equal(sameFileHead(file('a', [h]), file('a', [hunk('x', ['+y'])])), true, 'the row itself shows no hunk');
  });

  it('sorts keys into kept, changed, added and removed', () => {
    const item = (k: string, v: number) => ({ k, v });
    const before = new Map([['a', item('a', 1)], ['b', item('b', 2)], ['c', item('c', 3)]]);
    const plan = planKeyed(before, [item('b', 2), item('a', 9), item('d', 4)], (x) => x.k, (old, next) => old.v === next.v);
    assert.deepEqual([...plan.kept], ['b']);
    assert.deepEqual([...plan.changed], ['a']);
    assert.deepEqual([...plan.added], ['d']);
    assert.deepEqual([...plan.removed], ['c']);
  });
});
