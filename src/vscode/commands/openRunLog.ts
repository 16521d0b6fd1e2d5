/** Squad: Open Run Log — shows the "Squad" log channel, with where the active run's journal is. */
import * as path from 'node:path';
import type { SquadServices } from '../host';

export function openRunLog(services: SquadServices) {
  return async (): Promise<void> => {
    const state = services.host.peek();
    const storage = services.context.storageUri?.fsPath;
    if (state && storage) services.log.info(`run ${state.runId} (${state.status}); journal: ${path.join(storage, 'runs', state.runId, 'events.jsonl')}`);
    else if (!state) services.log.info('no run is open; "Squad: Request Feature" starts one, "Squad: Resume Run" opens an earlier one.');
    services.log.show(false);
  };
}
