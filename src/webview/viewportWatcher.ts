/** The browser's side of offscreen.ts: an IntersectionObserver with a margin of whole viewports. */
import type { Watcher } from './offscreen';

export function intersectionWatcher<T extends Element>(near: (targets: readonly T[]) => void, marginViewports: number): Watcher<T> {
  return new IntersectionObserver(
    (entries) => near(entries.filter((e) => e.isIntersecting).map((e) => e.target as T)),
    { rootMargin: `${marginViewports * 100}% 0px` },
  );
}
