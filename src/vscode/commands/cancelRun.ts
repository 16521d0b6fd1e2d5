/** Squad: Cancel Run — stops the work under way (or a plan waiting for approval). */
import type { SquadServices } from '../host';

export function cancelRun(services: SquadServices) {
  return async (): Promise<void> => {
    await services.host.restore();
    services.host.cancel();
  };
}
