import { io, type Socket } from 'socket.io-client';
import type { CivicServerToClientEvents, PublicDecision } from '@server/civic/civic.contract';
import { socketOptions } from '../socket-options';

type LiveSocket = Socket<CivicServerToClientEvents, Record<string, (...args: never[]) => void>>;

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
    const socket: LiveSocket = io(socketOptions);
    this.#socket = socket;
    // After every (re)connection: join the session's channel again.
    socket.on('connect', () => socket.emit('session:watch' as never, { sessionId } as never, (() => undefined) as never));
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
