/**
 * Pure builders for the live recorder's ffmpeg: the composed recording and its layout commands. Argument lists
 * only, unit-tested in tests/unit/media/ffmpeg/record-args.test.ts.
 */
import { even, globalOptions, h264Encode, type FfmpegArgs, type FfmpegInput } from './command.js';

export type VideoLayout = 'speaker' | 'grid';

export type RecordArgsOptions = {
  sdpPath: string;
  /** Folder of the source rendition; this run writes `r<run>.m3u8` and `r<run>-NNNNN.ts` there. */
  dir: string;
  run: number;
  segmentSeconds: number;
  /** Video streams in the SDP, in order, with their codec; audio streams follow them. */
  videos: { codec: 'h264' | 'vp8' | 'vp9' }[];
  audioCount: number;
  /** Where this run's timestamps start, so a restarted run continues the timeline instead of resetting it. */
  timelineOffsetSec: number;
  layout?: VideoLayout;
  /** Speaker layout: which video (index in `videos`) starts in the large cell. */
  speaker?: number;
  /** Canvas for composed layouts. */
  canvas?: { width: number; height: number };
};

export const runPlaylistName = (run: number) => `r${run}.m3u8`;
export const runSegmentPattern = (run: number) => `r${run}-%05d.ts`;

/**
 * Live recording of an SDP (RTP from mediasoup consumers) to HLS. A single H.264 video is copied as it comes
 * (segments cut on the keyframes the recorder requests); VP8/VP9 or several videos are encoded once to H.264,
 * several videos composed on one canvas. Opus becomes AAC.
 */
export function recordArgs(o: RecordArgsOptions): FfmpegArgs {
  const switchable = switchesAtRunTime(o);
  const input: FfmpegInput = {
    source: o.sdpPath,
    options: [
      // A switchable layout is changed through ffmpeg's stdin (see layoutCommands), so stdin stays open. A
      // camera changing resolution rebuilds the graph with the run's first layout (`-reinit_filter 0` would
      // keep it, but pad then garbles the resized picture): the recorder sends the layout again every segment.
      ...(switchable ? globalOptions.filter((a) => a !== '-nostdin') : globalOptions),
      '-protocol_whitelist', 'file,udp,rtp',
      '-analyzeduration', '3000000',
      '-probesize', '5000000',
      '-reorder_queue_size', '64',
      '-buffer_size', '4194304',
      '-fflags', '+genpts+discardcorrupt',
      '-f', 'sdp',
    ],
  };
  const copy = o.videos.length === 1 && o.videos[0]!.codec === 'h264';
  const options: string[] = [];
  const { filter, videoLabel, audioLabel } = composeFilter(o);
  if (filter) options.push('-filter_complex', filter);
  if (videoLabel) options.push('-map', videoLabel);
  if (audioLabel) options.push('-map', audioLabel);
  if (o.videos.length > 0) {
    if (copy) {
      options.push('-c:v', 'copy');
    } else {
      // Live on a small server: keeping up in real time matters more than compression.
      options.push(...h264Encode({ segmentSeconds: o.segmentSeconds, preset: 'ultrafast', tune: 'zerolatency' }));
      // Keep each decoded frame's own (RTCP-synchronised) time; a constant-rate conversion would guess the
      // input rate and shift video against audio.
      options.push('-fps_mode', 'passthrough');
    }
  }
  // AAC is most of the recorder's CPU (measured: ffmpeg's default coder beats `-aac_coder fast` here).
  if (o.audioCount > 0) options.push('-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2');
  options.push(
    '-output_ts_offset', o.timelineOffsetSec.toFixed(3),
    '-muxdelay', '0',
    '-f', 'hls',
    // Slightly under the keyframe interval: the muxer cuts on the first keyframe past each multiple.
    '-hls_time', (copy ? o.segmentSeconds * 0.9 : o.segmentSeconds).toFixed(2),
    '-hls_list_size', '0',
    '-hls_playlist_type', 'event',
    '-hls_flags', 'independent_segments+program_date_time+temp_file',
    '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', `${o.dir}/${runSegmentPattern(o.run)}`,
  );
  return { inputs: [input], outputs: [{ target: `${o.dir}/${runPlaylistName(o.run)}`, options }] };
}


/** The speaker layout can be switched while ffmpeg runs (several videos composed around a large cell). */
export function switchesAtRunTime(o: { videos: readonly unknown[]; layout?: VideoLayout }): boolean {
  return o.videos.length > 1 && (o.layout ?? 'speaker') === 'speaker';
}

/** The streamselect instance that picks which video a cell of the speaker layout shows (cell 0 is the large one). */
export const cellFilter = (cell: number) => `streamselect@cell${cell}`;

/** Which video each cell shows: `speaker` in the large cell, the others in their order in the strip. */
export function speakerOrder(n: number, speaker: number): number[] {
  const first = speaker >= 0 && speaker < n ? speaker : 0;
  return [first, ...Array.from({ length: n }, (_, i) => i).filter((i) => i !== first)];
}

/**
 * The commands that move the videos to `order`'s cells in a running speaker layout, one per cell, as lines for
 * ffmpeg's interactive `c` command (`<target> <time> <command> <argument>`; time -1 is "now").
 */
export function layoutCommands(order: number[]): string[] {
  return order.map((input, cell) => `${cellFilter(cell)} -1 map ${input}`);
}

/**
 * Filter graph for the recording. One stream needs none (plain maps); several videos are composed and
 * several audios mixed. The speaker layout (one large cell and a strip below) is built so that its cells can
 * change videos while ffmpeg runs: every video is split to every cell, and a streamselect per cell picks the
 * one it shows (changed by `layoutCommands`), so a new active speaker does not restart the encoder. The grid
 * layout is a plain xstack.
 */
export function composeFilter(o: Pick<RecordArgsOptions, 'videos' | 'audioCount' | 'layout' | 'canvas' | 'speaker'>): {
  filter: string | null;
  videoLabel: string | null;
  audioLabel: string | null;
} {
  const parts: string[] = [];
  const n = o.videos.length;
  let videoLabel: string | null = n === 1 ? '0:v:0' : null;
  let audioLabel: string | null = o.audioCount === 1 ? '0:a:0' : null;
  if (n > 1) {
    const { width, height } = o.canvas ?? { width: 1280, height: 720 };
    const switchable = switchesAtRunTime(o);
    const cells = switchable ? speakerCells(n, width, height) : gridCells(n, width, height);
    if (switchable) {
      // Every video is first brought to one common size (cells switching videos then never see a frame size
      // change), half the canvas (measured: 960x540 instead costs a third more CPU, for a slightly sharper large cell).
      const common = fit(even(width / 2), even(height / 2));
      for (let i = 0; i < n; i++) {
        parts.push(`[0:v:${i}]${common},fps=25,split=${n}${cells.map((_, c) => `[s${i}_${c}]`).join('')}`);
      }
      const order = speakerOrder(n, o.speaker ?? 0);
      cells.forEach((c, cell) => {
        const inputs = Array.from({ length: n }, (_, i) => `[s${i}_${cell}]`).join('');
        parts.push(`${inputs}${cellFilter(cell)}=inputs=${n}:map=${order[cell]},${fit(c.w, c.h)}[v${cell}]`);
      });
    } else {
      cells.forEach((c, i) => parts.push(`[0:v:${i}]${fit(c.w, c.h)},fps=25[v${i}]`));
    }
    const inputs = cells.map((_, i) => `[v${i}]`).join('');
    const layout = cells.map((c) => `${c.x}_${c.y}`).join('|');
    parts.push(`${inputs}xstack=inputs=${n}:layout=${layout}:fill=black,scale=${width}:${height},setsar=1[vout]`);
    videoLabel = '[vout]';
  }
  if (o.audioCount > 1) {
    const inputs = Array.from({ length: o.audioCount }, (_, i) => `[0:a:${i}]`).join('');
    parts.push(`${inputs}amix=inputs=${o.audioCount}:duration=longest:normalize=0,aresample=async=1[aout]`);
    audioLabel = '[aout]';
  } else if (o.audioCount === 1) {
    parts.push('[0:a:0]aresample=async=1[aout]');
    audioLabel = '[aout]';
  }
  return { filter: parts.length ? parts.join(';') : null, videoLabel, audioLabel };
}

/** Scales into a w×h box keeping the aspect ratio, padded with black. */
const fit = (w: number, h: number) =>
  `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1`;

type Cell = { x: number; y: number; w: number; h: number };


/** An even grid: 2 → 2x1, 3-4 → 2x2, 5-6 → 3x2, 7-9 → 3x3, and so on. */
export function gridCells(n: number, width: number, height: number): Cell[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const w = even(width / cols);
  const h = even(height / rows);
  return Array.from({ length: n }, (_, i) => ({ x: (i % cols) * w, y: Math.floor(i / cols) * h, w, h }));
}

/** The large cell (the active speaker) on the upper part, the others side by side in a strip below. */
export function speakerCells(n: number, width: number, height: number): Cell[] {
  const stripH = even(height / 4);
  const main: Cell = { x: 0, y: 0, w: even(width), h: even(height - stripH) };
  const others = n - 1;
  const w = even(width / Math.max(others, 4));
  return [main, ...Array.from({ length: others }, (_, i) => ({ x: i * w, y: main.h, w, h: stripH }))];
}
