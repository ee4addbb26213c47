import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { ladderArgs, posterArgs, renditionDir, rungsFor } from '../ffmpeg/ladder-args.js';
import { runFfmpeg } from '../ffmpeg/process.js';
import {
  parseMediaPlaylist,
  renderChaptersVtt,
  renderMasterPlaylist,
  writeFileAtomic,
  type Chapter,
  type SubtitleTrack,
} from './hls-playlist.js';
import { MediaProbeError, probeMedia, type MediaInfo } from '../ffmpeg/probe.js';
import { withAudioRenditions, type AudioRenditions } from './audio-playlists.js';

export type LadderProgress = { percent: number; etaSec: number | null; speed: number | null };

export type LadderRendition = { height: number; width: number; bandwidth: number; playlist: string };

/** Paths are relative to the output folder. */
export type LadderResult = {
  durationSec: number;
  sourceHeight: number;
  renditions: LadderRendition[];
  master: string;
  poster: string | null;
  chapters: string | null;
};

export type LadderOptions = {
  /** A video file or a recorded HLS playlist. */
  input: string;
  /** The input's probe when the caller has it already (the import inspected the file): not probed again. */
  info?: MediaInfo;
  outDir: string;
  log: Logger;
  ffmpegPath?: string;
  ffprobePath?: string;
  chapters?: Chapter[];
  subtitles?: SubtitleTrack[];
  onProgress?: (p: LadderProgress) => void;
  signal?: AbortSignal;
  segmentSeconds?: number;
  preset?: string;
  /**
   * An H.264/AAC playlist of the source already in outDir (the live recording). It becomes the top variant
   * at the source height; only the rungs below it are encoded.
   */
  sourceVariant?: string;
  /** The interpretations as the master's AUDIO group; their renditions are in outDir already. */
  audio?: AudioRenditions;
};

export const masterPlaylist = 'master.m3u8';
export const posterFile = 'poster.jpg';
export const chaptersFile = 'chapters.vtt';

/**
 * The ABR ladder for one recording: every rung up to the source height in one ffmpeg run (decode once),
 * then a poster frame, chapters as WebVTT, and the master playlist, written last so that a player
 * never sees a master pointing at renditions that are not there yet.
 */
export async function transcodeLadder(o: LadderOptions): Promise<LadderResult> {
  const info = o.info ?? (await probeMedia(o.input, o.ffprobePath));
  if (!info.video) throw new MediaProbeError(`${o.input} has no video stream.`);
  const { width: srcW, height: srcH } = info.video;
  // A live recording's source is already H.264/AAC HLS: it serves as the top rendition instead of being
  // encoded again at its own height (the most expensive rung).
  const rungs = rungsFor(srcH).filter((r) => !(o.sourceVariant && r.height >= srcH));
  const segmentSeconds = o.segmentSeconds ?? 4;
  for (const r of rungs) fs.mkdirSync(path.join(o.outDir, renditionDir(r.height)), { recursive: true });

  const started = Date.now();
  const report = (percent: number, speed: number | null) => {
    const elapsed = (Date.now() - started) / 1000;
    const etaSec = percent > 0.02 ? Math.max(0, (elapsed * (1 - percent)) / percent) : null;
    o.onProgress?.({ percent: Math.min(1, percent), etaSec, speed });
  };
  report(0, null);
  if (rungs.length > 0) {
    await runFfmpeg(
      ladderArgs({ input: o.input, outDir: o.outDir, rungs, hasAudio: info.audio !== null, segmentSeconds, preset: o.preset }),
      o.log,
      {
        ffmpegPath: o.ffmpegPath,
        signal: o.signal,
        onProgress: (p) => info.durationSec > 0 && report(p.timeSec / info.durationSec, p.speed),
      },
    );
  }

  const renditions = rungs.map((r): LadderRendition => {
    const playlist = `${renditionDir(r.height)}/index.m3u8`;
    return {
      height: r.height,
      width: Math.round((r.height * srcW) / srcH / 2) * 2,
      bandwidth: peakBandwidth(path.join(o.outDir, playlist)) || r.videoBitrate + r.audioBitrate,
      playlist,
    };
  });

  if (o.sourceVariant) {
    renditions.unshift({
      height: srcH,
      width: srcW,
      bandwidth: peakBandwidth(path.join(o.outDir, o.sourceVariant)),
      playlist: o.sourceVariant,
    });
  }

  let poster: string | null = posterFile;
  try {
    const at = Math.min(5, info.durationSec / 10);
    await runFfmpeg(posterArgs({ input: o.input, output: path.join(o.outDir, posterFile), atSec: at, height: 360 }), o.log, {
      ffmpegPath: o.ffmpegPath,
      signal: o.signal,
    });
  } catch (error) {
    if (o.signal?.aborted) throw error;
    o.log.warn({ err: error }, 'poster frame failed');
    poster = null;
  }

  const chapters = o.chapters?.length ? chaptersFile : null;
  if (chapters) writeFileAtomic(path.join(o.outDir, chapters), renderChaptersVtt(o.chapters!, info.durationSec));

  const codecs = info.audio ? 'avc1.640028,mp4a.40.2' : 'avc1.640028';
  const master = renderMasterPlaylist(
    renditions.map((r) => ({ uri: r.playlist, bandwidth: r.bandwidth, width: r.width, height: r.height, codecs, name: `${r.height}p` })),
    o.subtitles,
  );
  writeFileAtomic(path.join(o.outDir, masterPlaylist), o.audio ? withAudioRenditions(master, o.audio) : master);
  report(1, null);
  return { durationSec: info.durationSec, sourceHeight: srcH, renditions, master: masterPlaylist, poster, chapters };
}

/** The highest bit rate over any one segment, as BANDWIDTH must be (RFC 8216 §4.3.4.2). */
function peakBandwidth(playlistFile: string): number {
  const dir = path.dirname(playlistFile);
  const { segments } = parseMediaPlaylist(fs.readFileSync(playlistFile, 'utf8'));
  let peak = 0;
  for (const s of segments) {
    if (s.durationSec < 0.5) continue;
    const bytes = fs.statSync(path.join(dir, s.uri)).size;
    peak = Math.max(peak, (bytes * 8) / s.durationSec);
  }
  return Math.round(peak);
}
