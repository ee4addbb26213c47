import { DomainError } from '../core/errors.js';
import type { ClusterBus } from './bus.js';
import type { OriginMethod, ReplyOf, RequestOf } from './cluster.contract.js';
import type { NodeRegistry } from './registry.js';

/** An edge's way to ask its origin, whichever origin process is up now. */
export type AskOrigin = <M extends OriginMethod>(name: M, payload: RequestOf<M>) => Promise<ReplyOf<M>>;

export function askOrigin(bus: ClusterBus, registry: NodeRegistry): AskOrigin {
  return <M extends OriginMethod>(name: M, payload: RequestOf<M>): Promise<ReplyOf<M>> => {
    const origin = registry.origin();
    if (!origin) return Promise.reject(new DomainError('unavailable', 503, 'The origin server is not reachable; try again in a moment.'));
    return bus.request(origin.id, name, payload);
  };
}

/** Said to staff and publishers on an edge: their place is the origin (logins live in its database). */
export const onTheOrigin = (originUrl: string, what: string) =>
  new DomainError('forbidden', 403, `${what} happens on the origin server (${originUrl}), not on this media edge.`);
