import type { Store } from '../store/types';
import type { ActionName } from '../core/actions';
import type { BotMetrics } from './metrics';

/** The same store, counting every request created and every state it moves to. */
export function instrumentStore(store: Store, metrics: BotMetrics): Store {
  const requests = store.requests;
  return {
    ...store,
    requests: {
      ...requests,
      create: async (request) => {
        await requests.create(request);
        metrics.recordActionTransition(request.action as ActionName, request.state);
      },
      transition: async (...args: Parameters<Store['requests']['transition']>) => {
        const moved = await requests.transition(...args);
        if (moved) metrics.recordActionTransition(moved.action as ActionName, moved.state);
        return moved;
      },
    },
    close: () => store.close(),
    health: () => store.health(),
  };
}
