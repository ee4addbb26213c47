import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import { writeWhipAnswer } from '../../media/ingest/whip-answer.js';
import { WhipLayers } from '../../media/ingest/whip-layers.js';
import { SdpOfferError } from '../../media/ingest/whip-errors.js';
import { readWhipOffer, type WhipOffer } from '../../media/ingest/whip-offer.js';
import { MediaError } from '../../media/sfu/errors.js';
import type { PeerId, PeerInfo } from '../../media/sfu/peer.js';
import type { Room } from '../../media/sfu/room.js';
import { badRequest, conflict, DomainError, forbidden, notFound, unauthorized } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { bitrateFrom, isRefusal, untilFlowing, type EncoderGate, type EncoderStatus, type Refusal } from './encoder-session.js';
import type { LiveService } from './live.service.js';

export type WhipDeps = {
  /** The session's open room, if any. */
  roomOf: (sessionId: SessionId) => Room | undefined;
  /** Joins the session's broadcast room as its publisher (opening the room if needed). */
  joinAsPublisher: (sessionId: SessionId, peerId: PeerId, info: PeerInfo) => Promise<Room>;
  live: LiveService;
  /** Stream keys and the one-encoder-per-session rule, shared with RTMP. */
  gate: EncoderGate;
  /** INGEST_SIMULCAST: an H.264 encoder sending one layer is also offered at 360p (and 180p from 720p up). */
  simulcast: boolean;
  ffmpegPath: string;
  ffprobePath: string;
  log: Logger;
};

/** One WHIP publication: `/api/whip/<sessionId>/<id>`. */
type Resource = {
  id: string;
  sessionId: SessionId;
  peerId: PeerId;
  address: string;
  release: () => void;
  codecs: { video: string | null; audio: string | null };
  closed: boolean;
  onAirSince: string | null;
  /** When media last reached the room (checked every 2 s once on air). */
  lastMediaAt: number | null;
  watchdog: NodeJS.Timeout | null;
  /** Stops following the room (a worker that died closes it, and the publication with it). */
  unfollow: () => void;
  /** Server-side simulcast of a single-layer video (its tap made with the answer, run once the encoder connects), or null. */
  layers: WhipLayers | null;
};

/**
 * An encoder that vanished without a DELETE (a crash, a cable) sends nothing more, and mediasoup 3.12 notices a
 * lost UDP path never by itself: after this long without media its publication is over, and the session's grace
 * rule takes it from there.
 */
const silenceLimitMs = 10_000;
const watchEveryMs = 2_000;
/**
 * An encoder that reconnects (OBS after a network drop, which gives up when its POST is refused) replaces its old
 * publication once that has sent nothing for this long; a publication with media flowing is never replaced.
 */
const staleAfterMs = 4_000;

function refusalError(refusal: Refusal): DomainError {
  switch (refusal.refused) {
    case 'key':
      return unauthorized('The stream key is wrong, revoked, or not for this session. Copy the key and the WHIP address from the studio page.');
    case 'not_council':
      return forbidden('Encoders can only publish to council sessions; a meeting is joined from the browser.');
    case 'ended':
      return conflict('This session has ended; it cannot go live again.');
    case 'offer':
      return badRequest(refusal.reason);
    case 'busy':
      return conflict('This session already has an encoder on air. Stop it first; an encoder that dropped may publish again once its old publication has been silent for a few seconds.');
  }
}

const mediaStatus: Record<MediaError['code'], number> = { bad_request: 400, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503 };
const asDomainError = (error: unknown) => (error instanceof MediaError ? new DomainError(error.code, mediaStatus[error.code], error.message) : error);

/**
 * WHIP ingest (RFC 9725): an encoder (OBS 30+, a browser, GStreamer) POSTs an SDP offer with its stream key as a
 * Bearer token; its tracks become producers of a WebRtcTransport in the session's room, the answer goes back
 * with every ICE candidate (mediasoup is ICE-lite; no trickle), and once media flows the session goes live as it
 * does from RTMP or the studio. DELETE on the resource, a DTLS close, or silence ends the publication; the live
 * service's grace rule then interrupts the session, and a new publication within the grace resumes it.
 */
export class WhipIngest {
  readonly #resources = new Map<string, Resource>();
  readonly #log: Logger;

  constructor(private readonly deps: WhipDeps) {
    this.#log = deps.log;
  }

  async publish(request: { sessionId: SessionId; key: string; sdp: string; address: string }): Promise<{ resourceId: string; answer: string }> {
    let offer: WhipOffer | undefined;
    let offerProblem: string | undefined;
    try {
      offer = readWhipOffer(request.sdp);
    } catch (error) {
      if (!(error instanceof SdpOfferError)) throw error;
      offerProblem = error.message;
    }
    const admitted = this.deps.gate.admit({
      key: request.key,
      protocol: 'whip',
      address: request.address,
      sessionId: request.sessionId,
      offerProblem,
      replaceStale: (sessionId) => this.#replaceStale(sessionId),
    });
    if (isRefusal(admitted)) throw refusalError(admitted);
    const id = randomBytes(16).toString('base64url');
    const codecOf = (kind: 'audio' | 'video') => {
      const section = offer!.sections.find((s) => s.accepted && s.track.kind === kind);
      return section?.accepted ? section.track.rtpParameters.codecs[0]!.mimeType.split('/')[1]!.toLowerCase() : null;
    };
    const resource: Resource = {
      id,
      sessionId: admitted.sessionId,
      peerId: `whip-${id}` as PeerId,
      address: request.address,
      release: admitted.release,
      codecs: { video: codecOf('video'), audio: codecOf('audio') },
      closed: false,
      onAirSince: null,
      lastMediaAt: null,
      watchdog: null,
      unfollow: () => undefined,
      layers: null,
    };
    this.#resources.set(id, resource);
    try {
      const { room, answer } = await this.#open(resource, offer!);
      void this.#goLive(resource, room);
      return { resourceId: id, answer };
    } catch (error) {
      this.#end(resource, 'setup failed');
      throw asDomainError(error);
    }
  }

  /** DELETE on the resource: the encoder stopped (OBS's Stop Streaming). */
  unpublish(sessionId: SessionId, resourceId: string): void {
    const resource = this.#resources.get(resourceId);
    if (!resource || resource.sessionId !== sessionId) throw notFound('There is no WHIP publication at this address; it may have ended already.');
    this.#end(resource, 'deleted by the encoder');
  }

  /** The session's WHIP encoder, or null when none is on. */
  async status(sessionId: SessionId): Promise<EncoderStatus | null> {
    const resource = [...this.#resources.values()].find((r) => r.sessionId === sessionId);
    if (!resource) return null;
    const bitrate = await bitrateFrom(this.deps.roomOf(sessionId), resource.peerId);
    const { video, audio } = resource.codecs;
    return {
      protocol: 'whip',
      address: resource.address,
      onAirSince: resource.onAirSince,
      video: video ? { codec: video, profile: null, bFrames: false, transcoded: false } : null,
      audio: audio ? { codec: audio } : null,
      bitrateKbps: Math.round(bitrate / 1000),
    };
  }

  stop(): void {
    for (const resource of [...this.#resources.values()]) this.#end(resource, 'shutdown');
  }

  async #open(resource: Resource, offer: WhipOffer): Promise<{ room: Room; answer: string }> {
    const { peerId } = resource;
    const room = await this.deps.joinAsPublisher(resource.sessionId, peerId, { displayName: 'Encoder (WHIP)', host: false });
    if (resource.closed) throw new MediaError('unavailable', 'The publication ended while it was being set up.');
    const roomClosed = () => this.#end(resource, 'room closed');
    room.once('closed', roomClosed);
    resource.unfollow = () => room.off('closed', roomClosed);
    const transport = await room.createWebRtcTransport(peerId, 'send', { onDisconnected: (why) => this.#end(resource, why) });
    await room.connectTransport(peerId, transport.id, { dtlsParameters: offer.dtls });
    for (const section of offer.sections) {
      if (!section.accepted) continue;
      const { kind, rtpParameters } = section.track;
      if (kind === 'video' && this.#relayers(rtpParameters)) {
        resource.layers = await this.#openLayers(resource, room, await room.produceUnlisted(peerId, { transportId: transport.id, kind, rtpParameters }));
        continue;
      }
      await room.produce(peerId, { transportId: transport.id, kind, rtpParameters, source: kind === 'video' ? 'camera' : 'microphone' });
    }
    return { room, answer: writeWhipAnswer(offer, transport) };
  }

  /**
   * Server-side simulcast applies to an H.264 video of one layer (OBS 30, most hardware encoders); an encoder's
   * own simulcast is taken as it is, and VP8 (which the transcodes would have to match) stays one layer.
   */
  #relayers(rtpParameters: types.RtpParameters): boolean {
    const encodings = rtpParameters.encodings ?? [];
    const single = encodings.length <= 1 && !encodings[0]?.rid;
    return this.deps.simulcast && single && rtpParameters.codecs[0]!.mimeType.toLowerCase() === 'video/h264';
  }

  /**
   * The video's layers (media/ingest/whip-layers.ts): its tap now, the producer offered to residents once media
   * flows, under the encoder's peer (so it goes live and off air with it).
   */
  async #openLayers(resource: Resource, room: Room, source: { producer: types.Producer; router: types.Router }): Promise<WhipLayers> {
    const layers = await WhipLayers.open({
      router: source.router,
      source: source.producer,
      ffmpegPath: this.deps.ffmpegPath,
      ffprobePath: this.deps.ffprobePath,
      log: this.#log,
      produce: async (rtpParameters) => {
        const t = await room.createPlainTransport(resource.peerId, { comedia: true });
        await room.produce(resource.peerId, { transportId: t.id, kind: 'video', rtpParameters, source: 'camera' });
        return { ip: t.ip, port: t.port, rtcpPort: t.rtcpPort! };
      },
    });
    if (!resource.closed) return layers;
    void layers.close();
    throw new MediaError('unavailable', 'The publication ended while it was being set up.');
  }

  /** Live once media reaches the room, as the CLI and RTMP go live; then watched for silence. */
  async #goLive(resource: Resource, room: Room): Promise<void> {
    const { sessionId } = resource;
    try {
      if (resource.layers) {
        await resource.layers.run();
        this.#log.info({ sessionId, layers: resource.layers.layers.map((l) => l.height ?? 'source') }, 'WHIP video offered in layers');
      }
      await untilFlowing(room, resource.peerId, () => resource.closed);
      if (resource.closed) return;
      this.deps.live.goLive(sessionId);
    } catch (error) {
      this.#log.warn({ sessionId, address: resource.address, error: (error as Error).message }, 'WHIP source could not go on air');
      return this.#end(resource, 'no media');
    }
    resource.onAirSince = new Date().toISOString();
    this.#log.info({ sessionId, address: resource.address, ...resource.codecs }, 'WHIP source on air');
    resource.lastMediaAt = Date.now();
    resource.watchdog = setInterval(() => {
      void bitrateFrom(this.deps.roomOf(sessionId), resource.peerId).then((bitrate) => {
        if (bitrate > 0) resource.lastMediaAt = Date.now();
        else if (Date.now() - resource.lastMediaAt! > silenceLimitMs) this.#end(resource, 'silent');
      });
    }, watchEveryMs);
    resource.watchdog.unref();
  }

  /** Ends the session's WHIP publication if it was on air and has gone silent (its encoder is reconnecting). */
  #replaceStale(sessionId: SessionId): void {
    const old = [...this.#resources.values()].find((r) => r.sessionId === sessionId);
    if (old?.lastMediaAt != null && Date.now() - old.lastMediaAt >= staleAfterMs) this.#end(old, 'replaced: its encoder published again');
  }

  #end(resource: Resource, why: string): void {
    if (resource.closed) return;
    resource.closed = true;
    if (resource.watchdog) clearInterval(resource.watchdog);
    resource.unfollow();
    void resource.layers?.close();
    resource.release();
    this.#resources.delete(resource.id);
    this.deps.roomOf(resource.sessionId)?.leave(resource.peerId);
    this.#log.info({ sessionId: resource.sessionId, address: resource.address, why }, 'WHIP source off air');
  }
}
