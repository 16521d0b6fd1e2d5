/**
 * The active run's state once the host has restored it. Reading `RunHost.state` only starts the
 * host's lazy restore of the workspace's last run; the host behind services.ts (SquadHost) can
 * be awaited through `restore()`, which the shared RunHost contract does not name (yet).
 */
import type { RunState } from '../../core/run/reduce';
import type { RunHost } from '../services';

export async function loadedState(host: RunHost): Promise<RunState | undefined> {
  const restorable = host as RunHost & { restore?: () => Promise<RunState | undefined> };
  return typeof restorable.restore === 'function' ? restorable.restore() : host.state;
}
