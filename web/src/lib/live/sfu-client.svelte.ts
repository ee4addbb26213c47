import { watchEdge } from './edge-failover.js';
import type { Device, types } from 'mediasoup-client';
import type { IceServer, Interruption, JoinRole, MediaSource, PeerSummary, ProducerInfo, RecordingAlarm, SessionStatus, TrackClaim } from '@server/live/live.contract';
import { currentIceMode, type IceMode } from './ice-policy';
import { warmDevice, warmDeviceIfSupported } from './sfu-device';
import { ConsumerLayers, startLayer } from './sfu-layers';
import { LocalTracks } from './sfu-local';
import { consumeProducer, openTransport, videoFirst, type MediaContext, type RemoteMedia } from './sfu-media';
import { joinFailure, retryDelayMs } from './sfu-retry';
import { markStep, openSignaling, request, requestJoin, sendViewerRequests, type SignalingSocket, type ViewerRequests } from './signaling';

export type { RemoteMedia } from './sfu-media';
/** waiting: a scheduled session, for viewers; reconnecting: network or media server trouble, retried by itself. */
export type SfuState = 'connecting' | 'waiting' | 'live' | 'reconnecting' | 'ended' | 'failed';
export type SfuOptions = { sessionId: number; role: JoinRole; displayName?: string; inviteToken?: string };

/**
 * One page's membership of a session's room: joins through socket.io, receives every producer, sends local
 * tracks, and joins again by itself (with backoff) when the network or the media server drops it. The first join
 * starts at construction, its requests buffered while the socket connects and the device warms (sfu-device.ts).
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
  readonly #tracks: LocalTracks;
  /** The first join's device, reading the browser's capabilities already (a device loads once: one per join). */
  #warmDevice: Device | null;
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  #peerId: string | null = null;
  #ops: Promise<unknown> = Promise.resolve();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** On an edge: back to the origin when this socket stays down (edge-failover.ts). */
  readonly #stopEdgeWatch: () => void;
  /** The first join was sent before the socket connected: its first `connect` is not a reconnection. */
  #joinedBeforeConnect: boolean;
  /** Each video consumer's simulcast layer: the lowest first, then the player's (sfu-layers.ts). */
  readonly #layers = new ConsumerLayers((consumerId, spatialLayer) => request(this.#socket, 'signal:set-layers', { consumerId, spatialLayer }));
  /** The TURN server and credentials from the last join reply (none when the server has no TURN). */
  #iceServers: IceServer[] = [];
  /** The page's `?ice=` mode (relay only, TCP only, or every path): see ice-policy.ts. */
  readonly #iceMode: IceMode = currentIceMode();

  /** `socket`: the page's `/live` socket when it was opened earlier (early-live.ts), connected or not, not yet used. */
  constructor(private readonly options: SfuOptions, socket: SignalingSocket = openSignaling()) {
    markStep('start');
    this.#warmDevice = warmDeviceIfSupported();
    this.#socket = socket;
    this.#tracks = new LocalTracks(this.#socket);
    const s = this.#socket;
    this.#stopEdgeWatch = watchEdge(s);
    this.#joinedBeforeConnect = !s.connected;
    s.on('connect', () => {
      markStep('connected');
      // The first join is already on its way, unless it failed (timed out) before the socket connected.
      const first = this.#joinedBeforeConnect;
      this.#joinedBeforeConnect = false;
      if (!first || this.#attempt > 0) void this.#enter();
    });
    s.on('disconnect', () => {
      this.#joinedBeforeConnect = false;
      this.#interrupted();
    });
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
    s.on('consumer:layers-changed', ({ consumerId, spatialLayer }) => this.#layers.changed(consumerId, spatialLayer));
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
      if (this.#tracks.has('microphone')) void this.#tracks.setPaused('microphone', true);
    });
    void this.#enter();
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

  /** Sends a local track as `source` (an interpreter: with its `claim`); kept across rejoins until `unpublish`. */
  publish(source: MediaSource, track: MediaStreamTrack, claim?: TrackClaim): Promise<void> {
    return this.#queue(() => this.#tracks.set(source, track, claim));
  }

  /** Stops or restarts receiving one remote stream (an audio choice, a hidden picture): on the server too. */
  async setReceiving(remote: RemoteMedia, on: boolean): Promise<void> {
    if (remote.consumer.closed || remote.consumer.paused === !on) return;
    if (on) remote.consumer.resume();
    else remote.consumer.pause();
    await request(this.#socket, on ? 'signal:resume-consumer' : 'signal:pause-consumer', { consumerId: remote.consumer.id }).catch(() => undefined);
  }

  unpublish(source: MediaSource): Promise<void> {
    return this.#tracks.remove(source);
  }

  setPaused(source: MediaSource, paused: boolean): Promise<void> {
    if (!paused && this.#tracks.has(source)) this.#mutedBy = null;
    return this.#tracks.setPaused(source, paused);
  }

  producerOf(source: MediaSource): types.Producer | null {
    return this.#tracks.producerOf(source);
  }

  /** The simulcast layer every video consumer should use at most (from the player's size and loss), once it has a picture. */
  setPreferredLayer(spatialLayer: number): Promise<void> {
    return this.#layers.setCap(spatialLayer);
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
    this.#stopEdgeWatch();
    clearTimeout(this.#retryTimer);
    this.#teardown();
    this.#socket.disconnect();
  }

  #queue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#ops.then(task);
    this.#ops = run.catch(() => undefined);
    return run;
  }

  /** Watch (viewers: sent at once, not when the queue reaches it) or join; at construction and on each reconnection. */
  #enter(): Promise<void> {
    clearTimeout(this.#retryTimer);
    const sent = this.options.role === 'viewer' && !this.#closed ? sendViewerRequests(this.#socket, this.options) : undefined;
    return this.#queue(async () => {
      if (this.#closed || this.#state === 'ended') return;
      try {
        if (sent) {
          const watched = await sent.watch;
          markStep('watched');
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
        await this.#join(sent);
        this.#attempt = 0;
        this.#state = 'live';
        markStep('live');
        this.#error = null;
      } catch (error) {
        this.#failed(error);
      }
    });
  }

  /** Joins the room (with requests already sent, if `sent`), then receives and sends media. */
  async #join(sent?: ViewerRequests): Promise<void> {
    this.#teardown();
    const { role } = this.options;
    // A raised alarm is sent again to a publisher as it joins (before the reply), so an old one goes first.
    if (!sent) this.#alarm = null;
    const reply = await (sent?.join ?? requestJoin(this.#socket, this.options));
    this.#peerId = reply.peerId;
    this.#host = reply.host;
    this.#status = reply.status;
    this.#peers = reply.peers;
    this.#viewers = reply.viewers;
    this.#iceServers = reply.iceServers ?? [];
    markStep('joined');
    const device = this.#warmDevice ?? warmDevice();
    this.#warmDevice = null;
    await device.load({ routerRtpCapabilities: reply.routerRtpCapabilities as types.RtpCapabilities });
    this.#device = device;
    markStep('device-loaded');
    const ctx = this.#mediaContext(device);
    if (role !== 'publisher') this.#recv = openTransport('recv', await (sent?.recv ?? request(this.#socket, 'signal:create-transport', { direction: 'recv' })), ctx);
    markStep('transports');
    if (role !== 'viewer') {
      this.#send = openTransport('send', await request(this.#socket, 'signal:create-transport', { direction: 'send' }), ctx);
      this.#tracks.useTransport({ transport: this.#send, device });
    }
    // Audio and video at once (video asked first): each is a consume round trip, and neither needs the other.
    await Promise.all(videoFirst(reply.producers).map((p) => this.#consume(p)));
    for (const source of this.#tracks.sources) await this.#tracks.produce(source);
  }

  #mediaContext(device: Device): MediaContext {
    return {
      device,
      socket: this.#socket,
      iceMode: this.#iceMode,
      iceServers: this.#iceServers,
      onState: (state) => {
        if (this.#closed) return;
        if (state === 'failed') this.#interrupted(true);
        else if (state === 'disconnected') this.#state = 'reconnecting';
        else if (state === 'connected' && this.#state === 'reconnecting') this.#state = 'live';
      },
    };
  }

  async #consume(p: ProducerInfo): Promise<void> {
    const recv = this.#recv;
    if (!recv || recv.closed || !this.#device || p.peerId === this.#peerId) return;
    if (this.#remote.some((r) => r.producerId === p.producerId)) return;
    const media = await consumeProducer(recv, { device: this.#device, socket: this.#socket }, p, startLayer);
    if (recv.closed) return;
    if (media.kind === 'video') this.#layers.added(media.consumer.id);
    this.#remote = [...this.#remote, media];
  }

  #dropRemote(match: (r: RemoteMedia) => boolean): void {
    for (const r of this.#remote.filter(match)) {
      r.consumer.close();
      this.#layers.removed(r.consumer.id);
    }
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
    const failure = joinFailure(error, this.options.role, this.#status);
    this.#state = failure.state;
    if (failure.state === 'failed') this.#error = failure.error;
    if (failure.state === 'ended') this.#status = 'ended';
    if (failure.state === 'reconnecting') this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#enter(), retryDelayMs(this.#attempt));
    this.#attempt += 1;
  }

  #teardown(): void {
    this.#send?.close();
    this.#recv?.close();
    this.#send = this.#recv = null;
    this.#tracks.useTransport(null);
    this.#remote = [];
    this.#layers.clear();
  }
}
