/** Squad: Approve Plan — opens the plan gate; the host says why when there is nothing to approve. */
import type { SquadServices } from '../host';

export function approvePlan(services: SquadServices) {
  return async (): Promise<void> => {
    await services.host.approvePlan();
  };
}
