import { Device, type types } from 'mediasoup-client';
import type { IceServer, Interruption, JoinReply, JoinRole, MediaSource, PeerSummary, ProducerInfo, RecordingAlarm, RtpParametersShape, SessionStatus, TransportReply } from '@server/live/live.contract';
import { candidatesFor, currentIceMode, transportPolicyFor, type IceMode } from './ice-policy';
import { openSignaling, request, SignalingError, type SignalingSocket } from './signaling';

export type RemoteMedia = {
  consumer: types.Consumer;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  paused: boolean;
};
/** waiting: a scheduled session, for viewers; reconnecting: network or media server trouble, retried by itself. */
export type SfuState = 'connecting' | 'waiting' | 'live' | 'reconnecting' | 'ended' | 'failed';
export type SfuOptions = { sessionId: number; role: JoinRole; displayName?: string; inviteToken?: string };

type Local = { track: MediaStreamTrack; producer: types.Producer | null; paused: boolean };
type TransportParams = TransportReply;
/** Requests a viewer sends before knowing whether the session is on air (see `#enter`). */
type Pipelined = { join: Promise<JoinReply>; recv: Promise<TransportParams> };

const simulcast: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];
const maxRetryMs = 8000;

/** A User Timing mark (`nist:sfu:<step>`), so page-open → first-frame can be broken down (see scripts/bench/latency). */
const mark = (step: string) => performance.mark(`nist:sfu:${step}`);

/**
 * One page's membership of a session's room: joins through socket.io, receives every producer, sends local
 * tracks, and joins again by itself (with backoff) when the network or the media server drops it.
 */
export class SfuClient {
  #state = $state<SfuState>('connecting');
  #error = $state<string | null>(null);
  #status = $state<SessionStatus | null>(null);
  #remote = $state.raw<RemoteMedia[]>([]);
  #peers = $state.raw<PeerSummary[]>([]);
  #viewers = $state(0);
  #speaker = $state<string | null>(null);
  #host = $state(false);
  #mutedBy = $state<string | null>(null);
  #recording = $state(false);
  #startsAt = $state<string | null>(null);
  #recordingUrl = $state<string | null>(null);
  #interruption = $state.raw<Interruption | null>(null);
  /** The server takes no more WebRTC viewers (LIVE_MAX_WEBRTC_VIEWERS): the page plays the live HLS. */
  #refused = $state<'capacity' | null>(null);
  #alarm = $state.raw<RecordingAlarm | null>(null);

  readonly #socket: SignalingSocket;
  readonly #local = new Map<MediaSource, Local>();
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  #peerId: string | null = null;
  #ops: Promise<unknown> = Promise.resolve();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #preferredLayer = 2;
  /** The TURN server and credentials from the last join reply (none when the server has no TURN). */
  #iceServers: IceServer[] = [];
  /** The page's `?ice=` mode (relay only, TCP only, or every path): see ice-policy.ts. */
  readonly #iceMode: IceMode = currentIceMode();

  constructor(private readonly options: SfuOptions) {
    mark('start');
    this.#socket = openSignaling();
    const s = this.#socket;
    s.on('connect', () => {
      mark('connected');
      void this.#enter();
    });
    s.on('disconnect', () => this.#interrupted());
    s.on('room:rejoin', () => this.#interrupted(true));
    s.on('session:live', () => {
      this.#status = 'live';
      if (this.#state === 'waiting') void this.#enter();
    });
    s.on('session:interrupted', ({ since, endsAt }) => (this.#interruption = { since, endsAt }));
    s.on('session:resumed', () => (this.#interruption = null));
    s.on('recording:alarm', (alarm) => (this.#alarm = alarm.active ? alarm : null));
    s.on('session:ended', (e) => {
      this.#interruption = null;
      this.#status = 'ended';
      this.#recordingUrl = e.recordingUrl;
      this.#state = 'ended';
      this.#teardown();
    });
    s.on('producer:added', (p) => this.#queue(() => this.#consume(p)));
    s.on('producer:closed', ({ producerId }) => this.#dropRemote((r) => r.producerId === producerId));
    s.on('consumer:closed', ({ consumerId }) => this.#dropRemote((r) => r.consumer.id === consumerId));
    s.on('producer:paused', ({ producerId, paused }) => {
      this.#remote = this.#remote.map((r) => (r.producerId === producerId ? { ...r, paused } : r));
    });
    s.on('peer:joined', (p) => (this.#peers = [...this.#peers.filter((x) => x.peerId !== p.peerId), p]));
    s.on('peer:left', ({ peerId }) => (this.#peers = this.#peers.filter((p) => p.peerId !== peerId)));
    s.on('room:viewers-changed', ({ count }) => (this.#viewers = count));
    s.on('speaker:changed', ({ peerId }) => (this.#speaker = peerId));
    s.on('meeting:recording', ({ recording }) => (this.#recording = recording));
    s.on('meeting:muted', ({ by }) => {
      this.#mutedBy = by;
      const mic = this.#local.get('microphone');
      if (mic) void this.setPaused('microphone', true);
    });
  }

  get state(): SfuState { return this.#state; }
  get error(): string | null { return this.#error; }
  get status(): SessionStatus | null { return this.#status; }
  get remote(): RemoteMedia[] { return this.#remote; }
  get peers(): PeerSummary[] { return this.#peers; }
  get viewers(): number { return this.#viewers; }
  get speaker(): string | null { return this.#speaker; }
  get host(): boolean { return this.#host; }
  get mutedBy(): string | null { return this.#mutedBy; }
  /** The meeting is being recorded (its host chose); every participant is shown this. */
  get recording(): boolean { return this.#recording; }
  get startsAt(): string | null { return this.#startsAt; }
  get recordingUrl(): string | null { return this.#recordingUrl; }
  get refused(): 'capacity' | null { return this.#refused; }
  /** Viewers: the session is live but its source was lost (it resumes, or ends at `endsAt`). */
  get interruption(): Interruption | null { return this.#interruption; }
  /** Publishers: the session's recording needs attention (stopped by a full disk). */
  get alarm(): RecordingAlarm | null { return this.#alarm; }
  get peerId(): string | null { return this.#peerId; }
  /** How this page may reach the media server (`?ice=`), for the statistics panel and support. */
  get iceMode(): IceMode { return this.#iceMode; }

  /** Sends a local track as `source`; kept across rejoins until `unpublish`. */
  publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const existing = this.#local.get(source);
    if (existing) {
      // Another camera or microphone: same producer, new track, no renegotiation.
      existing.track = track;
      return this.#queue(async () => {
        if (existing.producer && !existing.producer.closed) await existing.producer.replaceTrack({ track });
        else await this.#produce(source);
      });
    }
    this.#local.set(source, { track, producer: null, paused: false });
    return this.#queue(() => this.#produce(source));
  }

  async unpublish(source: MediaSource): Promise<void> {
    const local = this.#local.get(source);
    this.#local.delete(source);
    if (!local?.producer) return;
    local.producer.close();
    await request(this.#socket, 'signal:close-producer', { producerId: local.producer.id }).catch(() => undefined);
  }

  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const local = this.#local.get(source);
    if (!local) return;
    local.paused = paused;
    if (!paused) this.#mutedBy = null;
    const producer = local.producer;
    if (!producer) return;
    if (paused) producer.pause();
    else producer.resume();
    await request(this.#socket, paused ? 'signal:pause-producer' : 'signal:resume-producer', { producerId: producer.id });
  }

  producerOf(source: MediaSource): types.Producer | null {
    return this.#local.get(source)?.producer ?? null;
  }

  /** The simulcast layer every video consumer should use at most (from the player's size and loss). */
  async setPreferredLayer(spatialLayer: number): Promise<void> {
    if (spatialLayer === this.#preferredLayer) return;
    this.#preferredLayer = spatialLayer;
    const video = this.#remote.filter((r) => r.kind === 'video');
    await Promise.all(video.map((r) => request(this.#socket, 'signal:set-layers', { consumerId: r.consumer.id, spatialLayer }).catch(() => undefined)));
  }

  goLive() { return request(this.#socket, 'session:go-live', { sessionId: this.options.sessionId }); }
  end() { return request(this.#socket, 'session:end', { sessionId: this.options.sessionId }); }
  mute(peerId: string) { return request(this.#socket, 'meeting:mute', { peerId }); }
  async setRecording(record: boolean) {
    const reply = await request(this.#socket, 'meeting:record', { sessionId: this.options.sessionId, record });
    this.#recording = reply.recording;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#teardown();
    this.#socket.disconnect();
  }

  #queue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#ops.then(task);
    this.#ops = run.catch(() => undefined);
    return run;
  }

  /** Watch (viewers) or join (everyone else); called on every (re)connection. */
  #enter(): Promise<void> {
    clearTimeout(this.#retryTimer);
    return this.#queue(async () => {
      if (this.#closed || this.#state === 'ended') return;
      try {
        let pipelined: Pipelined | undefined;
        if (this.options.role === 'viewer') {
          // Watch, join and the receive transport in one round trip: the server handles a socket's signaling
          // requests in order. When the session is not on air, join and transport fail and are ignored.
          const watching = request(this.#socket, 'session:watch', { sessionId: this.options.sessionId });
          pipelined = { join: this.#requestJoin(), recv: request(this.#socket, 'signal:create-transport', { direction: 'recv' }) };
          pipelined.join.catch(() => undefined);
          pipelined.recv.catch(() => undefined);
          const watched = await watching;
          mark('watched');
          this.#status = watched.status;
          this.#startsAt = watched.startsAt;
          this.#interruption = watched.interruption;
          if (watched.status === 'scheduled') return void (this.#state = 'waiting');
          if (watched.status === 'ended') return void (this.#state = 'ended');
          if (watched.webrtc === false) {
            this.#refused = watched.reason ?? 'capacity';
            return void (this.#state = 'live');
          }
        }
        await this.#join(pipelined);
        this.#attempt = 0;
        this.#state = 'live';
        mark('live');
        this.#error = null;
      } catch (error) {
        this.#failed(error);
      }
    });
  }

  #requestJoin() {
    const { sessionId, role, displayName, inviteToken } = this.options;
    return request(this.#socket, 'signal:join', { sessionId, role, displayName, inviteToken });
  }

  /** Joins the room (with requests already sent, if `pipelined`), then receives and sends media. */
  async #join(pipelined?: Pipelined): Promise<void> {
    this.#teardown();
    const { role } = this.options;
    // A raised alarm is sent again to a publisher as it joins (before the reply), so an old one goes first.
    if (!pipelined) this.#alarm = null;
    const reply = await (pipelined?.join ?? this.#requestJoin());
    this.#peerId = reply.peerId;
    this.#host = reply.host;
    this.#status = reply.status;
    this.#peers = reply.peers;
    this.#viewers = reply.viewers;
    this.#iceServers = reply.iceServers ?? [];
    mark('joined');
    const device = new Device();
    await device.load({ routerRtpCapabilities: reply.routerRtpCapabilities as types.RtpCapabilities });
    this.#device = device;
    mark('device-loaded');
    if (role !== 'publisher') this.#recv = await this.#transport('recv', pipelined?.recv);
    mark('transports');
    if (role !== 'viewer') this.#send = await this.#transport('send');
    // Audio and video at once: each is a consume and a resume round trip, and neither needs the other.
    await Promise.all(reply.producers.map((p) => this.#consume(p)));
    for (const source of this.#local.keys()) await this.#produce(source);
  }

  async #transport(direction: 'send' | 'recv', requested?: Promise<TransportParams>): Promise<types.Transport> {
    const params = await (requested ?? request(this.#socket, 'signal:create-transport', { direction }));
    const device = this.#device!;
    const offered = params as types.TransportOptions;
    const options: types.TransportOptions = {
      ...offered,
      iceCandidates: candidatesFor(this.#iceMode, offered.iceCandidates),
      iceServers: this.#iceServers,
      iceTransportPolicy: transportPolicyFor(this.#iceMode),
    };
    const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      request(this.#socket, 'signal:connect-transport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
      const source = appData.source as MediaSource;
      request(this.#socket, 'signal:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as RtpParametersShape, source }).then(({ producerId }) => done({ id: producerId }), fail);
    });
    transport.on('connectionstatechange', (state) => {
      if (transport.closed || this.#closed) return;
      if (state === 'failed') this.#interrupted(true);
      else if (state === 'disconnected') this.#state = 'reconnecting';
      else if (state === 'connected' && this.#state === 'reconnecting') this.#state = 'live';
    });
    return transport;
  }

  async #consume(p: ProducerInfo): Promise<void> {
    const recv = this.#recv;
    if (!recv || recv.closed || p.peerId === this.#peerId) return;
    if (this.#remote.some((r) => r.producerId === p.producerId)) return;
    const preferredLayers = p.kind === 'video' ? { spatialLayer: this.#preferredLayer } : undefined;
    const c = await request(this.#socket, 'signal:consume', {
      transportId: recv.id,
      producerId: p.producerId,
      rtpCapabilities: this.#device!.rtpCapabilities,
      preferredLayers,
    });
    const consumer = await recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as types.RtpParameters });
    this.#remote = [...this.#remote, { consumer, producerId: c.producerId, peerId: c.peerId, source: c.source, kind: c.kind, paused: c.producerPaused }];
    await request(this.#socket, 'signal:resume-consumer', { consumerId: c.id });
    mark(`consumed-${c.kind}`);
  }

  async #produce(source: MediaSource): Promise<void> {
    const local = this.#local.get(source);
    const send = this.#send;
    if (!local || !send || send.closed || local.track.readyState === 'ended') return;
    const video = local.track.kind === 'video';
    const codec = video ? preferredVideoCodec(this.#device!) : undefined;
    local.producer = await send.produce({
      track: local.track,
      encodings: video && source === 'camera' ? simulcast : undefined,
      codec,
      codecOptions: video ? { videoGoogleStartBitrate: 1000 } : { opusDtx: true, opusFec: true },
      stopTracks: false,
      appData: { source },
    });
    if (local.paused) await this.setPaused(source, true);
  }

  #dropRemote(match: (r: RemoteMedia) => boolean): void {
    for (const r of this.#remote.filter(match)) r.consumer.close();
    this.#remote = this.#remote.filter((r) => !match(r));
  }

  /** Lost the socket, the room or ICE: drop media and join again after a backoff. */
  #interrupted(rejoin = false): void {
    if (this.#closed || this.#state === 'ended') return;
    this.#state = 'reconnecting';
    this.#teardown();
    if (rejoin && this.#socket.connected) this.#scheduleRetry();
  }

  #failed(error: unknown): void {
    const code = error instanceof SignalingError ? error.code : 'internal';
    if (code === 'forbidden' || code === 'not_found' || code === 'validation_failed') {
      this.#state = 'failed';
      this.#error = code;
      return;
    }
    if (code === 'conflict') {
      // Viewers: not started yet or over. Publishers and participants: the session or meeting has ended.
      this.#state = this.options.role === 'viewer' && this.#status !== 'ended' ? 'waiting' : 'ended';
      if (this.#state === 'ended') this.#status = 'ended';
      return;
    }
    this.#state = 'reconnecting';
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer);
    const delay = Math.min(maxRetryMs, 500 * 2 ** this.#attempt) * (0.75 + Math.random() * 0.5);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => void this.#enter(), delay);
  }

  #teardown(): void {
    this.#send?.close();
    this.#recv?.close();
    this.#send = null;
    this.#recv = null;
    for (const local of this.#local.values()) local.producer = null;
    this.#remote = [];
  }
}

/** H.264 when this browser can send it (the recorder copies it), VP8 otherwise. */
function preferredVideoCodec(device: Device): types.RtpCodecCapability | undefined {
  const codecs = device.rtpCapabilities.codecs ?? [];
  return codecs.find((c) => c.mimeType.toLowerCase() === 'video/h264') ?? codecs.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
}
