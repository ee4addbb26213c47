import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { FfmpegProcess } from '../ffmpeg/process.js';
import { trackPieceArgs, type TrackPiece } from '../ffmpeg/track-args.js';
import { writeFileAtomic } from './hls-playlist.js';
import { RecorderInput } from './recorder-input.js';
import { buildSdp } from './sdp.js';
import { waitUntilBound } from './udp-ports.js';

/** An interpreter's track: an interpretation into a language, or sign language. */
export type TrackOf = { kind: 'interpretation'; lang: string } | { kind: 'sign' };

/** The track's rendition folder in the recording's folder: `audio-<lang>` or `sign`. */
export const trackFolder = (t: TrackOf) => (t.kind === 'sign' ? 'sign' : `audio-${t.lang}`);
const trackOfFolder = (name: string): TrackOf | null =>
  name === 'sign' ? { kind: 'sign' } : /^audio-([a-z]{2})$/.test(name) ? { kind: 'interpretation', lang: name.slice(6) } : null;

/** The track whose rendition playlist this is ("audio-ru/index.m3u8", "sign/index.m3u8"), or null. */
export function trackOfPlaylist(file: string): TrackOf | null {
  const [folder, name, ...rest] = file.split('/');
  return name === 'index.m3u8' && rest.length === 0 ? trackOfFolder(folder!) : null;
}

/** Where the live pieces wait for the recording's end: hidden, so never served nor uploaded. */
export const livePiecesDir = '.tracks';
const manifestName = 'pieces.json';

type Source = { router: types.Router; producer: types.Producer; track: TrackOf };
type Piece = { input: RecorderInput; proc: FfmpegProcess; keyframes: NodeJS.Timeout | null; source: Source };

/**
 * One recorded session's interpreters' tracks while it is on air. Each producer of a track (an interpreter on
 * air; the next one after they leave, or the same one back) is a piece: its RTP copied by ffmpeg into a
 * MPEG-TS file, and where it started on the floor recording's timeline (`offsetSec`, the recorder's
 * `recordedSec`) written to the track's `pieces.json` at once, so a restart loses neither. The renditions are
 * made from the pieces when the recording is finalized (track-renditions.ts).
 */
export class TrackRecorder {
  private readonly pieces = new Map<string, Piece>();
  /** Producers being set up: the room's event and a sync after the recording started may both name one. */
  private readonly adding = new Set<string>();
  private stopped = false;
  /** While the floor recording has a gap: the producers whose pieces were cut, for `resume` to start again. */
  private held: Source[] | null = null;

  constructor(private readonly o: { outDir: string; log: Logger; ffmpegPath?: string; offsetSec: () => number }) {}

  /** Records this interpreter's producer as the next piece of its track until the producer closes. */
  async add(router: types.Router, producer: types.Producer, track: TrackOf): Promise<void> {
    if (this.stopped || this.pieces.has(producer.id) || this.adding.has(producer.id) || producer.closed) return;
    if (this.held) {
      if (!this.held.some((h) => h.producer.id === producer.id)) this.held.push({ router, producer, track });
      return;
    }
    this.adding.add(producer.id);
    try {
      await this.open(router, producer, track);
    } finally {
      this.adding.delete(producer.id);
    }
  }

  private async open(router: types.Router, producer: types.Producer, track: TrackOf): Promise<void> {
    const dir = path.join(this.o.outDir, livePiecesDir, trackFolder(track));
    fs.mkdirSync(dir, { recursive: true });
    const manifest = readManifest(dir);
    const name = `p${String(manifest.length).padStart(3, '0')}`;
    const input = await RecorderInput.create(router, producer);
    fs.writeFileSync(path.join(dir, `.${name}.sdp`), buildSdp([input.sdpStream]));
    const log = this.o.log.child({ component: 'track-recorder', track: trackFolder(track), piece: name });
    const proc = new FfmpegProcess(trackPieceArgs({ sdpPath: path.join(dir, `.${name}.sdp`), output: path.join(dir, `${name}.ts`), kind: input.kind }), log, this.o.ffmpegPath);
    const piece: Piece = { input, proc, keyframes: null, source: { router, producer, track } };
    this.pieces.set(producer.id, piece);
    proc.once('exit', (exit) => {
      if (!exit.requested) log.warn({ code: exit.code, tail: exit.stderrTail.slice(-3) }, 'track piece ended by itself');
    });
    input.watch({ gone: () => void this.end(producer.id), flow: () => void input.requestKeyFrame() });
    proc.start();
    await waitUntilBound(input.ports.rtp);
    writeFileAtomic(path.join(dir, manifestName), JSON.stringify([...manifest, { file: `${name}.ts`, offsetSec: this.o.offsetSec() }]));
    await input.start();
    if (input.kind === 'video') piece.keyframes = setInterval(() => void input.requestKeyFrame(), 2000);
    log.info({ producerId: producer.id }, 'interpreter track recording');
    if (this.stopped) await this.end(producer.id);
  }

  /**
   * The floor recording stops for a while (its source lost, the disk full): the pieces end here, so that what is
   * said in the gap, which the floor does not have, does not push the rest of the track late.
   */
  async cut(): Promise<void> {
    if (this.stopped || this.held) return;
    this.held = [...this.pieces.values()].map((p) => p.source);
    await Promise.all([...this.pieces.keys()].map((id) => this.end(id)));
  }

  /** The floor records again: each interpreter still on air starts a new piece at the floor's offset now. */
  async resume(): Promise<void> {
    const held = this.held;
    this.held = null;
    for (const h of held ?? []) await this.add(h.router, h.producer, h.track);
  }

  /** The session ended (or the server stops): every piece is closed as it is. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.pieces.keys()].map((id) => this.end(id)));
  }

  private async end(producerId: string): Promise<void> {
    const piece = this.pieces.get(producerId);
    if (!piece) return;
    this.pieces.delete(producerId);
    if (piece.keyframes) clearInterval(piece.keyframes);
    // A producer gone sends nothing more and ffmpeg, waiting in its read, would not see the SIGINT: it is
    // killed after a moment. The piece is MPEG-TS written packet by packet, so it reads up to the last packet.
    await piece.proc.stop(1000);
    piece.input.close();
  }
}

function readManifest(dir: string): { file: string; offsetSec: number }[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, manifestName), 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as { file: string; offsetSec: number }[]) : [];
  } catch {
    return [];
  }
}

/** The tracks a recording's folder holds live pieces of, each with its pieces (absolute paths) in order. */
export function readLivePieces(outDir: string): { track: TrackOf; pieces: TrackPiece[] }[] {
  const root = path.join(outDir, livePiecesDir);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((name) => {
    const track = trackOfFolder(name);
    const pieces = readManifest(path.join(root, name))
      .filter((p) => typeof p.file === 'string' && Number.isFinite(p.offsetSec) && fs.existsSync(path.join(root, name, p.file)))
      .map((p) => ({ file: path.join(root, name, p.file), offsetSec: Math.max(0, p.offsetSec) }));
    return track && pieces.length ? [{ track, pieces }] : [];
  });
}
