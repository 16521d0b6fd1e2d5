/** A minimal typed event emitter in the VS Code style: keep the emitter private, expose `event`. */

export interface Disposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => Disposable;

export interface EmitterOptions {
  /**
   * Receives what a listener throws; the other listeners still run. The default reports it as an
   * uncaught error on a later tick (as EventTarget does), so a faulty listener is loud but cannot
   * break the code that fired the event.
   */
  readonly onListenerError?: (error: unknown) => void;
}

export class Emitter<T> implements Disposable {
  private listeners: Listener<T>[] = [];
  private disposed = false;
  private readonly onListenerError: (error: unknown) => void;

  constructor(options: EmitterOptions = {}) {
    this.onListenerError =
      options.onListenerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** Subscribes; the returned disposable unsubscribes. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => {});
    this.listeners = [...this.listeners, listener];
    return toDisposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };

  /** Calls the listeners subscribed when firing starts, in subscription order. */
  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
