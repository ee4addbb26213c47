import type { SfuClient } from './sfu-client.svelte';
import { markStep, openSignaling } from './signaling';

/**
 * Whether the server, when it sent this page (server/core/http/spa-shell.ts), marked `pathname` as a live or upcoming
 * council session whose live player the page will open. Only the first page load carries the mark; a page
 * reached by navigating inside the app compares its own path, so a stale mark is never acted on.
 */
function shellOpensLivePlayer(pathname: string): boolean {
  const hint = document.querySelector<HTMLMetaElement>('meta[name="nist-live-player"]')?.content;
  return hint !== undefined && decodeURI(hint).replace(/\/$/, '') === pathname.replace(/\/$/, '');
}

type LivePlayerModule = typeof import('../../components/LivePlayer.svelte');

/**
 * A live session's page, opened from a link: the server's shell said the session is live, so the
 * page loads the live player's code and starts joining the room while it fetches the session and renders,
 * instead of after. The live player then takes the client over (and closes it when it goes); if no player takes
 * it — the session turned out to be over — `release` closes it.
 */
export class EarlyLive {
  readonly #player: Promise<LivePlayerModule>;
  readonly #client: Promise<SfuClient>;
  #taken = false;
  #load: Promise<[LivePlayerModule, SfuClient | undefined]> | null = null;

  private constructor(readonly sessionId: number) {
    this.#player = import('../../components/LivePlayer.svelte');
    // The socket connects while the client's code (mediasoup-client) loads; nothing is asked on it before the
    // client listens, so no event is missed.
    markStep('socket-open');
    const socket = openSignaling();
    socket.once('connect', () => markStep('connected'));
    this.#client = import('./sfu-client.svelte').then(({ SfuClient }) => new SfuClient({ sessionId, role: 'viewer' }, socket));
  }

  /** Starts early when the page at `pathname` is the one the server marked as opening the live player. */
  static start(sessionId: number, pathname: string): EarlyLive | null {
    return shellOpensLivePlayer(pathname) ? new EarlyLive(sessionId) : null;
  }

  /**
   * The live player's module and, for this session, the client already joining; the same promise on every
   * call, so a page that renders again does not start the player again.
   */
  load(sessionId: number): Promise<[LivePlayerModule, SfuClient | undefined]> {
    if (sessionId !== this.sessionId) return EarlyLive.loadLate();
    this.#taken = true;
    return (this.#load ??= Promise.all([this.#player, this.#client]));
  }

  /** The live player's module without an early client (a page reached by navigating inside the app). */
  static loadLate(): Promise<[LivePlayerModule, undefined]> {
    return import('../../components/LivePlayer.svelte').then((m) => [m, undefined]);
  }

  /** Closes the early client unless a live player took it. */
  release(): void {
    if (this.#taken) return;
    this.#taken = true;
    void this.#client.then((c) => c.close());
  }
}
