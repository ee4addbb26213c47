import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { runFfmpeg } from '../ffmpeg/process.js';
import { probeMedia } from '../ffmpeg/probe.js';
import { interpretationRenditionArgs, signRenditionArgs, trackPlaylistName, type TrackPiece } from '../ffmpeg/track-args.js';
import { livePiecesDir, readLivePieces, trackFolder, type TrackOf } from './track-recorder.js';

export type TrackRendition = { track: TrackOf; /** Relative to the recording's folder: "audio-ru/index.m3u8". */ playlist: string };

type RenderOptions = { log: Logger; ffmpegPath?: string; ffprobePath?: string; signal?: AbortSignal; onProgress?: (fraction: number) => void };

/**
 * Makes one track's rendition from its pieces into `workDir` (a hidden folder on the same disk), then moves it
 * into the recording's folder in one rename, replacing the track's earlier rendition: a reader sees the old
 * rendition or the new one, and a failure leaves the old one as it was.
 */
export async function renderTrack(
  o: RenderOptions & { track: TrackOf; pieces: readonly TrackPiece[]; durationSec: number; outDir: string; workDir: string },
): Promise<TrackRendition> {
  const folder = trackFolder(o.track);
  const staged = path.join(o.workDir, folder);
  fs.rmSync(staged, { recursive: true, force: true });
  fs.mkdirSync(staged, { recursive: true });
  const options = { pieces: o.pieces, durationSec: o.durationSec, dir: staged };
  await runFfmpeg(o.track.kind === 'sign' ? signRenditionArgs(options) : interpretationRenditionArgs(options), o.log, {
    ffmpegPath: o.ffmpegPath,
    signal: o.signal,
    onProgress: (p) => o.durationSec > 0 && o.onProgress?.(Math.min(1, p.timeSec / o.durationSec)),
  });
  const target = path.join(o.outDir, folder);
  const old = path.join(o.workDir, `${folder}.old`);
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(staged, target);
  fs.rmSync(old, { recursive: true, force: true });
  return { track: o.track, playlist: `${folder}/${trackPlaylistName}` };
}

/** Whether a file holds the stream a track needs (audio for an interpretation, video for sign language). */
export async function holdsTrack(file: string, track: TrackOf, ffprobePath?: string): Promise<boolean> {
  const info = await probeMedia(file, ffprobePath).catch(() => null);
  return Boolean(track.kind === 'sign' ? info?.video : info?.audio);
}

/**
 * The live pieces of a finalized recording (track-recorder.ts) as renditions on its timeline, `durationSec`
 * long. A piece ffmpeg cannot read (an interpreter gone before a packet arrived) is left out; a track with no
 * readable piece has no rendition. The pieces stay until `removeLivePieces`, so a ladder job tried again
 * makes the same renditions.
 */
export async function renderLiveTracks(o: RenderOptions & { outDir: string; durationSec: number }): Promise<TrackRendition[]> {
  const out: TrackRendition[] = [];
  for (const { track, pieces } of readLivePieces(o.outDir)) {
    const readable: TrackPiece[] = [];
    for (const p of pieces) if (await holdsTrack(p.file, track, o.ffprobePath)) readable.push(p);
    if (readable.length === 0) {
      o.log.warn({ track: trackFolder(track), pieces: pieces.length }, 'interpreter track has no readable piece; not kept');
      continue;
    }
    const workDir = path.join(o.outDir, livePiecesDir, '.render');
    out.push(await renderTrack({ ...o, track, pieces: readable, workDir }));
  }
  return out;
}

/** The recording's renditions are published: the live pieces are not needed any more. */
export function removeLivePieces(outDir: string): void {
  fs.rmSync(path.join(outDir, livePiecesDir), { recursive: true, force: true });
}
