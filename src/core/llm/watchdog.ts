/**
 * Streams outlive the SDK's timeout, which only covers the wait for response headers. The watchdog
 * aborts a stream that goes quiet for longer than the idle limit, and forwards the caller's abort.
 */
export class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent?.reason);
  /** True once the watchdog itself aborted the stream. */
  fired = false;

  constructor(private readonly idleMs: number, private readonly parent?: AbortSignal) {
    if (parent?.aborted) this.controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** Pass this to the SDK: it aborts on the caller's abort and on idleness. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)arms the idle timer; call when the stream starts and on every event. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error(`no stream event for ${this.idleMs} ms`));
    }, this.idleMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
