/** The last feature requests of this workspace, newest first, kept in the workspace's state. */
import { MAX_RECENT_REQUESTS } from '../../protocol/messages';

/** The part of the run host's event stream this needs (vscode.Event and the core's Emitter both fit). */
export type RunStartedEvents = (listener: (notice: { readonly event: { readonly type: string; readonly request?: string } }) => void) => { dispose(): void };

/** The part of `vscode.Memento` this needs. */
export interface RequestMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'squad.recentRequests';

export class RecentRequests {
  constructor(private readonly memento: RequestMemento) {}

  list(): string[] {
    const stored = this.memento.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string').slice(0, MAX_RECENT_REQUESTS) : [];
  }

  /** Moves `request` to the front (once); returns whether the list changed. */
  async add(request: string): Promise<boolean> {
    const text = request.trim();
    if (text === '') return false;
    const before = this.list();
    if (before[0] === text) return false;
    await this.memento.update(KEY, [text, ...before.filter((r) => r !== text)].slice(0, MAX_RECENT_REQUESTS));
    return true;
  }

  /**
   * Remembers the request of every run that starts, from wherever it was sent (the palette, a
   * notification's Send Request, the sidebar); `changed` runs when the list did change.
   */
  follow(events: RunStartedEvents, changed: () => void): { dispose(): void } {
    return events(({ event }) => {
      if (event.type !== 'run.started' || event.request === undefined) return;
      // The list is a convenience: a failed write of the workspace state loses one entry, never a run.
      void this.add(event.request).then(
        (did) => {
          if (did) changed();
        },
        () => undefined,
      );
    });
  }
}
