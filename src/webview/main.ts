/** The sidebar's entry point in the webview (bundled to dist/webview.js). */
import { App, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) {
  const app = new App({
    api: acquireVsCodeApi(),
    root,
    // One render per frame however many messages arrive; a hidden document gets no frames.
    schedule: (fn) => (document.hidden ? setTimeout(fn, 50) : requestAnimationFrame(fn)),
    scroller: () => document.scrollingElement,
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
  let scrollQueued = false;
  window.addEventListener('scroll', () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      app.scrolled(document.scrollingElement?.scrollTop ?? 0);
    });
  }, { passive: true });
  // Elapsed times of working tasks; the text changes only where the second changed.
  setInterval(() => app.tick(), 1000);
  app.start();
}
