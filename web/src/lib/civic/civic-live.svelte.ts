import type { PublicDecision } from '@server/civic/civic.contract';
import { socketFor, type NamespaceSocket } from '../socket';

type LiveSocket = NamespaceSocket<'/civic'>;

/**
 * What changes on a session page while it is live: the agenda item under discussion and the decisions as
 * the clerk records them. Loaded only for live and upcoming sessions (socket.io stays off other pages).
 */
export class CivicLive {
  #current = $state<number | null>(null);
  #decisions = $state.raw<PublicDecision[]>([]);
  #socket: LiveSocket | null = null;

  constructor(current: number | null, decisions: PublicDecision[]) {
    this.#current = current;
    this.#decisions = decisions;
  }

  get currentItemId(): number | null {
    return this.#current;
  }

  get decisions(): PublicDecision[] {
    return this.#decisions;
  }

  /** Follows the session; returns the function that stops following. */
  start(sessionId: number): () => void {
    const socket = socketFor('/civic');
    this.#socket = socket;
    // After every (re)connection: follow the session again.
    const follow = () => socket.emit('civic:follow', { sessionId }, () => undefined);
    socket.on('connect', follow);
    if (socket.connected) follow();
    socket.on('agenda:activated', (e) => {
      if (e.sessionId === sessionId) this.#current = e.agendaItemId;
    });
    socket.on('decision:recorded', (e) => {
      if (e.sessionId !== sessionId) return;
      const others = this.#decisions.filter((d) => d.id !== e.decision.id);
      this.#decisions = [...others, e.decision].sort((a, b) => a.id - b.id);
    });
    socket.on('decision:removed', (e) => {
      if (e.sessionId === sessionId) this.#decisions = this.#decisions.filter((d) => d.id !== e.decisionId);
    });
    return () => {
      socket.disconnect();
      this.#socket = null;
    };
  }
}
