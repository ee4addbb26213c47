import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One media segment as the playlist lists it. */
export type Segment = {
  uri: string;
  durationSec: number;
  /** ISO wall-clock time of the segment's first frame (EXT-X-PROGRAM-DATE-TIME). */
  programDateTime?: string;
  /** The segment starts a new run (restarted encoder, resumed recording): EXT-X-DISCONTINUITY before it. */
  discontinuity?: boolean;
};

export type MediaPlaylist = { segments: Segment[]; ended: boolean; targetDurationSec: number };

/** Reads an HLS media playlist (ffmpeg's or ours); unknown tags are ignored. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const segments: Segment[] = [];
  let pending: Partial<Segment> = {};
  let ended = false;
  let targetDurationSec = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#EXTINF:')) {
      pending.durationSec = Number.parseFloat(line.slice(8));
    } else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      pending.programDateTime = line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length);
    } else if (line === '#EXT-X-DISCONTINUITY') {
      pending.discontinuity = true;
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      targetDurationSec = Number.parseInt(line.slice(22), 10);
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (!line.startsWith('#')) {
      if (pending.durationSec !== undefined && Number.isFinite(pending.durationSec)) {
        segments.push({ ...pending, uri: line, durationSec: pending.durationSec } as Segment);
      }
      pending = {};
    }
  }
  return { segments, ended, targetDurationSec };
}

/**
 * Writes a media playlist. While live it is an EVENT playlist that keeps every segment (rewind to the
 * start); once ended it carries EXT-X-ENDLIST and plays as VOD.
 */
export function renderMediaPlaylist(p: { segments: Segment[]; ended: boolean }): string {
  const target = Math.max(1, ...p.segments.map((s) => Math.ceil(s.durationSec)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-PLAYLIST-TYPE:${p.ended ? 'VOD' : 'EVENT'}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  for (const s of p.segments) {
    if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (s.programDateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${s.programDateTime}`);
    lines.push(`#EXTINF:${s.durationSec.toFixed(6)},`, s.uri);
  }
  if (p.ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

export const totalDuration = (segments: Segment[]) => segments.reduce((sum, s) => sum + s.durationSec, 0);

/**
 * Replaces `file` in one step (write aside, then rename), so a player never reads half a playlist. The aside
 * file is removed when a step fails (a full disk must not keep half-written leftovers).
 */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Closes a playlist so it plays as VOD: EXT-X-ENDLIST, and segments listed but missing on disk (a crash
 * while writing) are dropped. Returns the duration. Idempotent.
 */
export function finalizePlaylist(file: string): { durationSec: number; segments: number } {
  const playlist = parseMediaPlaylist(fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const segments = playlist.segments.filter((s) => fs.existsSync(path.join(dir, s.uri)));
  writeFileAtomic(file, renderMediaPlaylist({ segments, ended: true }));
  return { durationSec: totalDuration(segments), segments: segments.length };
}

/**
 * Merges the playlists of successive encoder runs into one. Each run's first segment after the first
 * run is marked as a discontinuity; nothing a run finished is ever dropped.
 */
export class MergedPlaylist {
  private readonly segments: Segment[];
  private readonly known = new Set<string>();
  private breakBeforeNext = false;

  constructor(
    private readonly file: string,
    existing: Segment[] = [],
  ) {
    this.segments = [...existing];
    for (const s of existing) this.known.add(s.uri);
    this.breakBeforeNext = existing.length > 0;
  }

  /** Loads what an earlier process wrote (resuming after a server restart); the next segment starts a new run. */
  static resume(file: string): MergedPlaylist {
    const existing = fs.existsSync(file) ? parseMediaPlaylist(fs.readFileSync(file, 'utf8')).segments : [];
    const dir = path.dirname(file);
    return new MergedPlaylist(file, existing.filter((s) => fs.existsSync(path.join(dir, s.uri))));
  }

  /** The next segment added starts a new run. */
  markBreak(): void {
    if (this.segments.length > 0) this.breakBeforeNext = true;
  }

  /** Adds the run playlist's segments not seen yet; returns them. Writes the merged playlist if any were new. */
  addFrom(run: Segment[]): Segment[] {
    const fresh = run.filter((s) => !this.known.has(s.uri));
    for (const s of fresh) {
      const segment: Segment = { uri: s.uri, durationSec: s.durationSec, programDateTime: s.programDateTime };
      if (this.breakBeforeNext) segment.discontinuity = true;
      this.breakBeforeNext = false;
      this.segments.push(segment);
      this.known.add(s.uri);
    }
    if (fresh.length) this.write(false);
    return fresh;
  }

  write(ended: boolean): void {
    writeFileAtomic(this.file, renderMediaPlaylist({ segments: this.segments, ended }));
  }

  /**
   * Writes the playlist even on a full disk: if writing fails, the newest segments are given up one by one
   * (deleted, freeing their space) until the playlist fits. Returns how many were given up.
   */
  writeReclaiming(ended: boolean): number {
    let dropped = 0;
    for (;;) {
      try {
        this.write(ended);
        return dropped;
      } catch (error) {
        const last = this.segments.pop();
        if (!last) throw error;
        fs.rmSync(path.join(path.dirname(this.file), last.uri), { force: true });
        dropped += 1;
      }
    }
  }

  get durationSec(): number {
    return totalDuration(this.segments);
  }

  get count(): number {
    return this.segments.length;
  }

  get all(): readonly Segment[] {
    return this.segments;
  }
}

export type Variant = {
  uri: string;
  bandwidth: number;
  width?: number;
  height: number;
  codecs?: string;
  name?: string;
};

export type SubtitleTrack = { uri: string; lang: string; name: string; isDefault?: boolean };

/** The multivariant (master) playlist: highest rendition first, subtitles as one group. */
export function renderMasterPlaylist(variants: Variant[], subtitles: SubtitleTrack[] = []): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const s of subtitles) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${s.name}",LANGUAGE="${s.lang}",` +
        `DEFAULT=${s.isDefault ? 'YES' : 'NO'},AUTOSELECT=YES,URI="${s.uri}"`,
    );
  }
  for (const v of [...variants].sort((a, b) => b.height - a.height)) {
    const attrs = [`BANDWIDTH=${Math.round(v.bandwidth)}`];
    if (v.width) attrs.push(`RESOLUTION=${v.width}x${v.height}`);
    if (v.codecs) attrs.push(`CODECS="${v.codecs}"`);
    if (v.name) attrs.push(`NAME="${v.name}"`);
    if (subtitles.length) attrs.push('SUBTITLES="subs"');
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads the variants back from a master playlist (tests and the importer's checks). */
export function parseMasterPlaylist(text: string): { uri: string; bandwidth: number; resolution?: string }[] {
  const out: { uri: string; bandwidth: number; resolution?: string }[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const bandwidth = Number(/BANDWIDTH=(\d+)/.exec(line)?.[1] ?? NaN);
    const resolution = /RESOLUTION=(\d+x\d+)/.exec(line)?.[1];
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
    if (uri) out.push({ uri, bandwidth, ...(resolution ? { resolution } : {}) });
  });
  return out;
}

export type Chapter = { startSec: number; endSec: number | null; title: string };

const vttTime = (sec: number) => {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
};

/** Chapters as WebVTT: each runs to the next one's start (or its own end, or the recording's end). */
export function renderChaptersVtt(chapters: Chapter[], durationSec: number): string {
  const sorted = [...chapters].filter((c) => c.startSec < durationSec).sort((a, b) => a.startSec - b.startSec);
  const cues = sorted.map((c, i) => {
    const end = Math.min(c.endSec ?? sorted[i + 1]?.startSec ?? durationSec, durationSec);
    return `${i + 1}\n${vttTime(c.startSec)} --> ${vttTime(Math.max(end, c.startSec + 0.001))}\n${c.title.replace(/\n+/g, ' ').replace(/-->/g, '→')}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}${cues.length ? '\n' : ''}`;
}
