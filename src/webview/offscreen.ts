/**
 * Builds what is off-screen only when it comes near the viewport. A part that would be expensive
 * to build (an open task's body, a hunk's diff) starts as an empty placeholder of its estimated
 * height; an IntersectionObserver builds it when the user scrolls within a viewport of it, and
 * `flush` builds at once whatever a render left in or near view, so a frame never shows an empty
 * placeholder where content belongs. What is built stays built.
 *
 * No DOM here (the browser's watcher is in viewportWatcher.ts): the tests drive it with plain objects.
 */

/** What a placeholder must offer: whether it is in the document, and where it is. */
export interface Placeholder {
  readonly isConnected: boolean;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number; readonly width: number; readonly height: number };
}

/** The part of IntersectionObserver used here. */
export interface Watcher<T extends Placeholder> {
  observe(target: T): void;
  unobserve(target: T): void;
}

/** Makes the watcher: calls back with the targets that came near the viewport. */
export type WatcherFactory<T extends Placeholder> = (near: (targets: readonly T[]) => void, marginViewports: number) => Watcher<T>;

/** True when a placeholder's rect lies within `margin` viewports of the visible area and is shown. */
export function isNear(rect: ReturnType<Placeholder['getBoundingClientRect']>, viewportHeight: number, marginViewports: number): boolean {
  // A hidden placeholder (in a closed section, say) has an empty rect at 0,0: not near anything.
  if (rect.width === 0 && rect.height === 0) return false;
  const margin = viewportHeight * marginViewports;
  return rect.bottom >= -margin && rect.top <= viewportHeight + margin;
}

/** Passes of `flush`: a build can push others into view, or add placeholders of its own. */
const MAX_FLUSH_PASSES = 4;

interface Waiting<T> {
  readonly build: () => void;
  /** The element whose position decides (the placeholder itself, or what holds it). */
  readonly anchor: T;
}

export class OffscreenBuilder<T extends Placeholder> {
  private readonly pending = new Map<T, Waiting<T>>();
  /** Anchor → the placeholders it decides for. */
  private readonly byAnchor = new Map<T, Set<T>>();
  private readonly watcher: Watcher<T> | undefined;

  /**
   * `watcher`: undefined builds everything at once (a browser without IntersectionObserver).
   * `viewportHeight`: the visible height, read at each flush.
   * `skipperOf`: the ancestor that may skip laying out its content (`content-visibility: auto`),
   * if any. A flush asks it first: when it is far, the rect of an element inside would make the
   * browser lay its whole content out, for nothing.
   */
  constructor(
    watcher: WatcherFactory<T> | undefined,
    private readonly viewportHeight: () => number,
    private readonly skipperOf: (anchor: T) => T | null = () => null,
    private readonly marginViewports = 1,
  ) {
    this.watcher = watcher?.((anchors) => this.build(anchors.flatMap((a) => [...(this.byAnchor.get(a) ?? [])])), marginViewports);
  }

  /** How many placeholders wait to be built. */
  get waiting(): number {
    return this.pending.size;
  }

  isPending(target: T): boolean {
    return this.pending.has(target);
  }

  /**
   * Calls `build` once `anchor` (by default `target` itself) comes near the viewport; at once
   * without a watcher. An anchor is for a placeholder inside an element that may skip its content
   * (`content-visibility: auto`): the outer element's place is known without laying it out.
   */
  defer(target: T, build: () => void, anchor: T = target): void {
    if (!this.watcher) return build();
    this.cancel(target);
    this.pending.set(target, { build, anchor });
    const targets = this.byAnchor.get(anchor);
    if (targets) targets.add(target);
    else {
      this.byAnchor.set(anchor, new Set([target]));
      this.watcher.observe(anchor);
    }
  }

  /** The placeholder went away or closed (its card or file was removed or rebuilt): do not build it. */
  cancel(target: T): void {
    const waiting = this.pending.get(target);
    if (!waiting) return;
    this.pending.delete(target);
    const targets = this.byAnchor.get(waiting.anchor);
    targets?.delete(target);
    if (targets?.size === 0) {
      this.byAnchor.delete(waiting.anchor);
      this.watcher?.unobserve(waiting.anchor);
    }
  }

  /** Builds `target` now if it still waits (focus went into it, the user asked for it). */
  buildNow(target: T): void {
    this.build([target]);
  }

  /** Forgets every placeholder (a new run replaced the view). */
  clear(): void {
    for (const target of [...this.pending.keys()]) this.cancel(target);
  }

  /**
   * Builds, now, every waiting placeholder in or near view. Reads every waiting rect in one go
   * (one layout), builds, and looks again while builds moved or added placeholders.
   */
  flush(): number {
    let built = 0;
    for (let pass = 0; pass < MAX_FLUSH_PASSES && this.pending.size > 0; pass++) {
      const height = this.viewportHeight();
      const near: T[] = [];
      for (const [anchor, targets] of this.byAnchor) {
        if (!anchor.isConnected) continue;
        const skipper = this.skipperOf(anchor);
        if (skipper && !isNear(skipper.getBoundingClientRect(), height, this.marginViewports)) continue;
        if (isNear(anchor.getBoundingClientRect(), height, this.marginViewports)) near.push(...targets);
      }
      if (near.length === 0) break;
      built += this.build(near);
    }
    return built;
  }

  private build(targets: readonly T[]): number {
    let built = 0;
    for (const target of targets) {
      const waiting = this.pending.get(target);
      if (!waiting) continue;
      this.cancel(target);
      waiting.build();
      built++;
    }
    return built;
  }
}
