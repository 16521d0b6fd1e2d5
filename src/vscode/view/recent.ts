/** The last feature requests of this workspace, newest first, kept in the workspace's state. */
import { MAX_RECENT_REQUESTS } from '../../protocol/messages';

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
}
