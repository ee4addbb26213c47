import type { PeerId } from '../../media/sfu/peer.js';
import type { Room } from '../../media/sfu/room.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { StreamKeysService } from './stream-keys.service.js';

export type EncoderProtocol = 'rtmp' | 'whip';

/** What the studio shows of an encoder on air: where from, its codecs, what Nist does with them, the bitrate. */
export type EncoderStatus = {
  protocol: EncoderProtocol;
  address: string;
  onAirSince: string | null;
  video: { codec: string; profile: string | null; bFrames: boolean; transcoded: boolean } | null;
  audio: { codec: string } | null;
  /** What reaches the room's producers (after a transcode, if any). */
  bitrateKbps: number;
};

/**
 * Why an encoder was refused: `key` (wrong or revoked, or another session's), `not_council` (a meeting),
 * `ended` (the session is over), `offer` (what it offers cannot be taken), `busy` (the session already has an
 * encoder on air, over either protocol).
 */
export type Refusal = { refused: 'key' | 'not_council' | 'ended' | 'offer' | 'busy'; reason: string };
/** An encoder let on air: it holds its session's one encoder slot until `release`. */
export type Admission = { sessionId: SessionId; keyId: number; release: () => void };

export const isRefusal = (a: Admission | Refusal): a is Refusal => 'refused' in a;

/**
 * The rules every encoder passes, whatever it speaks (RTMP, WHIP): an active stream key of a council session that
 * has not ended, and one encoder per session. Every attempt, accepted or refused, is in the audit log.
 * (The studio page may send its camera at the same time: that is the operator's choice, and the room takes both
 * as any two publishers.)
 */
export class EncoderGate {
  readonly #onAir = new Map<SessionId, { protocol: EncoderProtocol }>();

  constructor(
    private readonly keys: StreamKeysService,
    private readonly repos: Repositories,
    private readonly log: Logger,
  ) {}

  /**
   * `sessionId`: the session the encoder asked for (WHIP names it in the URL), if any. `offerProblem`: what is
   * wrong with the encoder's offer, told only to a holder of the right key. `replaceStale`: asked when the
   * session is busy; it may end its own protocol's encoder that went silent (and so free the slot).
   */
  admit(attempt: {
    key: string;
    protocol: EncoderProtocol;
    address: string;
    sessionId?: SessionId;
    offerProblem?: string;
    replaceStale?: (sessionId: SessionId) => void;
  }): Admission | Refusal {
    const { protocol, address } = attempt;
    const refuse = (refused: Refusal['refused'], reason: string, sessionId: SessionId | null = null, keyId: number | null = null): Refusal => {
      this.keys.recordUse({ sessionId, keyId, accepted: false, protocol, address, reason });
      this.log.warn({ protocol, address, sessionId, reason }, 'encoder refused');
      return { refused, reason };
    };
    const found = this.keys.sessionOfKey(attempt.key);
    if (!found) return refuse('key', 'wrong or revoked stream key');
    const { sessionId, keyId } = found;
    if (attempt.sessionId !== undefined && attempt.sessionId !== sessionId) return refuse('key', `the stream key is not for session ${attempt.sessionId}`, sessionId, keyId);
    const session = this.repos.sessions.get(sessionId);
    if (!session || session.kind !== 'council') return refuse('not_council', 'not a council session', sessionId, keyId);
    if (session.status === 'ended') return refuse('ended', 'the session has ended', sessionId, keyId);
    if (attempt.offerProblem) return refuse('offer', attempt.offerProblem, sessionId, keyId);
    if (this.#onAir.has(sessionId)) attempt.replaceStale?.(sessionId);
    if (this.#onAir.has(sessionId)) return refuse('busy', 'the session already has an encoder on air', sessionId, keyId);
    this.keys.recordUse({ sessionId, keyId, accepted: true, protocol, address });
    const slot = { protocol };
    this.#onAir.set(sessionId, slot);
    const release = () => {
      if (this.#onAir.get(sessionId) === slot) this.#onAir.delete(sessionId);
    };
    return { sessionId, keyId, release };
  }
}

/** The bitrate (bits/s) reaching the room from one peer's producers. */
export async function bitrateFrom(room: Room | undefined, peerId: PeerId): Promise<number> {
  if (!room) return 0;
  const mine = new Set(room.producerList().filter((p) => p.peerId === peerId).map((p) => p.producerId));
  const stats = await Promise.all(room.producers().filter((p) => mine.has(p.id)).map((p) => p.getStats().catch(() => [])));
  return stats.flat().reduce((sum, l) => sum + l.bitrate, 0);
}

/** Media from the peer reached the room's producers (as the CLI waits before it goes live), within 20 s. */
export async function untilFlowing(room: Room, peerId: PeerId, closed: () => boolean): Promise<void> {
  for (let i = 0; i < 80 && !closed(); i++) {
    if ((await bitrateFrom(room, peerId)) > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!closed()) throw new Error('No media reached the server within 20 s.');
}
