import fs from 'node:fs';
import path from 'node:path';
import { runPlaylistName } from '../ffmpeg/record-args.js';
import { parseMediaPlaylist, type Segment } from './hls-playlist.js';

/**
 * Each ffmpeg run of a recording writes its own playlist (`r<N>.m3u8`) in the source folder; the recorder
 * merges their segments into `index.m3u8`. The segments run `run` has finished, or null if it wrote none yet.
 */
export function readRunSegments(dir: string, run: number): Segment[] | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, runPlaylistName(run)), 'utf8');
  } catch {
    return null;
  }
  return parseMediaPlaylist(text).segments;
}

/** The highest run number whose playlist is in `dir`, or -1 (a resumed recording continues after it). */
export function lastRun(dir: string): number {
  return Math.max(
    -1,
    ...fs
      .readdirSync(dir)
      .map((f) => /^r(\d+)\.m3u8$/.exec(f)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number),
  );
}
