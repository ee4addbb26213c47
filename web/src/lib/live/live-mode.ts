/**
 * One player, two latencies: which picture the resident's live page shows, real-time WebRTC or the
 * recorder's live HLS ("standard delay"), and why. Pure: the page feeds it what it sees (frames decoded,
 * HLS health, the resident's own choice) with the time, and reads the choice back; tests pass fake time.
 *
 * - WebRTC first. No frame within `firstFrameMs` (5 s), or no frame for `lostMs` (10 s) after frames flowed,
 *   and the page switches to HLS by itself. A browser without WebRTC, or a server past its WebRTC viewer
 *   limit, starts on HLS.
 * - On HLS the page keeps retrying WebRTC; the first WebRTC frame switches back (the page keeps the HLS
 *   element on screen until then, so there is no gap). A resident who chose HLS stays there.
 * - Where the session has no live HLS (not public, not recorded, the playlist 404s or stops growing), the
 *   page stays on WebRTC, says what is wrong and keeps retrying.
 */
export type LiveMode = 'webrtc' | 'hls';
export type LiveReason =
  /** WebRTC is starting; no decision yet. */
  | 'starting'
  /** WebRTC frames are flowing. */
  | 'realtime'
  /** No WebRTC frame within the first seconds. */
  | 'no-frame'
  /** WebRTC frames stopped for too long. */
  | 'lost'
  /** This browser has no RTCPeerConnection. */
  | 'unsupported'
  /** The server is past its WebRTC viewer limit. */
  | 'capacity'
  /** The resident chose it. */
  | 'manual';
/** What the page knows of the live HLS: `none` = the session has none (private, meeting, recording off). */
export type HlsHealth = 'unknown' | 'ok' | 'none' | 'missing' | 'stalled';

export type LiveModeOptions = {
  now: number;
  webrtcSupported?: boolean;
  /** Whether the session's live HLS may be shown at all (public council sessions only). */
  hlsAllowed?: boolean;
  firstFrameMs?: number;
  lostMs?: number;
};

export class LiveModeState {
  readonly firstFrameMs: number;
  readonly lostMs: number;
  readonly hlsAllowed: boolean;
  mode: LiveMode = 'webrtc';
  reason: LiveReason = 'starting';
  hls: HlsHealth = 'unknown';
  /** The resident picked the mode by hand (the automatic rules then leave it alone until WebRTC fails again). */
  manual = false;
  /** When WebRTC last decoded a frame, or null before the first one. */
  lastFrameAt: number | null = null;
  #since: number;
  #webrtcSupported: boolean;
  #capacity = false;

  constructor(options: LiveModeOptions) {
    this.firstFrameMs = options.firstFrameMs ?? 5000;
    this.lostMs = options.lostMs ?? 10_000;
    this.hlsAllowed = options.hlsAllowed ?? true;
    this.#since = options.now;
    this.#webrtcSupported = options.webrtcSupported ?? true;
    if (!this.hlsAllowed) this.hls = 'none';
    if (!this.#webrtcSupported) this.#toHls('unsupported');
  }

  /** WebRTC cannot work here (no RTCPeerConnection) or the server refused it: stay on HLS. */
  get webrtcPossible(): boolean {
    return this.#webrtcSupported && !this.#capacity;
  }

  /** HLS would be shown if it were there (WebRTC failed), but the session has no playable live HLS. */
  get hlsProblem(): HlsHealth | null {
    return this.wantsHls && this.hls !== 'ok' && this.hls !== 'unknown' ? this.hls : null;
  }

  /** The page should show (and keep loading) the HLS player. */
  get showHls(): boolean {
    return this.mode === 'hls' && this.hls !== 'none' && this.hls !== 'missing';
  }

  /** The rules ask for HLS (whether or not it can be shown). */
  get wantsHls(): boolean {
    return this.mode === 'hls';
  }

  /** A WebRTC frame was decoded at `now`. */
  frame(now: number): void {
    this.lastFrameAt = now;
    if (!this.webrtcPossible) return;
    if (this.mode === 'webrtc') {
      this.reason = this.manual ? 'manual' : 'realtime';
      return;
    }
    if (!this.manual) {
      this.mode = 'webrtc';
      this.reason = 'realtime';
    }
  }

  /** Time passes with no new WebRTC frame: the first-frame and loss timers. */
  tick(now: number): void {
    if (this.mode !== 'webrtc') return;
    if (this.lastFrameAt === null) {
      if (now - this.#since >= this.firstFrameMs) this.#toHls('no-frame');
    } else if (now - this.lastFrameAt >= this.lostMs) {
      this.#toHls('lost');
    }
  }

  /** The server said no to WebRTC (its viewer limit). */
  refused(): void {
    this.#capacity = true;
    this.#toHls('capacity');
  }

  /** What the page learned about the live HLS playlist. */
  setHls(health: Exclude<HlsHealth, 'none'>): void {
    if (!this.hlsAllowed) return;
    this.hls = health;
  }

  /** The resident's switch. Choosing real time gives WebRTC a fresh first-frame window. */
  choose(mode: LiveMode, now: number): void {
    if (mode === 'webrtc' && !this.webrtcPossible) return;
    this.manual = true;
    this.mode = mode;
    this.reason = 'manual';
    if (mode === 'webrtc') {
      this.#since = now;
      if (this.lastFrameAt !== null && now - this.lastFrameAt > 1000) this.lastFrameAt = null;
    }
  }

  #toHls(reason: LiveReason): void {
    this.mode = 'hls';
    this.reason = reason;
    this.manual = false;
  }
}

/** Seconds behind the live edge of an HLS player, rounded for the label ("about N s"), or null. */
export function hlsDelaySec(latency: number | null | undefined): number | null {
  if (latency === null || latency === undefined || !Number.isFinite(latency) || latency < 0) return null;
  return Math.max(1, Math.round(latency));
}
