// The clock every glass-to-glass bench paints and reads: the send time in ms (mod 2^24) as a 24-cell barcode
// across the top third of the picture (cell i white = bit i). Three painters carry it (the operator page's canvas
// camera, a WHIP page's canvas, raw frames piped into ffmpeg for RTMP), and one reader on the resident's page
// decodes it off every presented frame (requestVideoFrameCallback) and subtracts it from the clock. Every
// painter and the reader run on this machine, so they share one clock.
//
// Page scripts are strings: functions compiled by tsx carry a `__name` helper the page does not have.

export const CELLS = 24;

/** JS (in a page) that defines `__nistPaintClock(canvas)`: paints the barcode on `canvas` 30 times a second. */
const painter = `
  window.__nistPaintClock = (canvas) => {
    const ctx = canvas.getContext('2d');
    const cell = canvas.width / ${CELLS};
    const band = canvas.height / 3;
    function paint() {
      const t = Date.now() & 0xffffff;
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < ${CELLS}; i++) {
        ctx.fillStyle = (t >> i) & 1 ? '#ffffff' : '#000000';
        ctx.fillRect(i * cell, 0, cell, band);
      }
    }
    setInterval(paint, 1000 / 30);
    paint();
  };`;

/** Init script for the operator's context: the camera is a 1280x720 canvas carrying the clock. */
export const clockCameraScript = `(() => {
  if (!navigator.mediaDevices) return;
  ${painter}
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (!constraints || !constraints.video) return original(constraints);
    const stream = constraints.audio ? await original({ audio: constraints.audio }).catch(() => new MediaStream()) : new MediaStream();
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    window.__nistPaintClock(canvas);
    const track = canvas.captureStream(30).getVideoTracks()[0];
    return new MediaStream([track, ...stream.getAudioTracks()]);
  };
})();`;

/** Defines the painter in a page (for a WHIP publisher page): `__nistPaintClock(canvas)`. */
export const clockPainterScript = `(() => {${painter}})();`;

/**
 * Init script for residents' contexts: on a session page, reads the clock off every frame `.live-video`
 * presents. window.__firstFrameAt: performance.now() of the first presented frame (page open = 0);
 * window.__latency: glass-to-glass samples in ms; window.__lastFrameAt: Date.now() of the latest frame.
 */
export const readClockScript = `(() => {
  if (!location.pathname.startsWith('/sessions/')) return;
  window.__latency = [];
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 270;
  let ctx = null;
  let watched = null;
  function onFrame(video) {
    return () => {
      const now = Date.now();
      window.__lastFrameAt = now;
      if (window.__firstFrameAt === undefined) window.__firstFrameAt = performance.now();
      ctx = ctx || canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const row = ctx.getImageData(0, 40, canvas.width, 1).data;
      let t = 0;
      for (let i = 0; i < ${CELLS}; i++) {
        const x = Math.floor(((i + 0.5) * canvas.width) / ${CELLS});
        if (row[x * 4] > 128) t |= 1 << i;
      }
      const latency = ((now & 0xffffff) - t + 0x1000000) % 0x1000000;
      if (latency < 10000) window.__latency.push(latency);
      if (watched === video) video.requestVideoFrameCallback(onFrame(video));
    };
  }
  setInterval(() => {
    const video = document.querySelector('.live-video');
    if (!video || video === watched) return;
    watched = video;
    video.requestVideoFrameCallback(onFrame(video));
  }, 10);
})();`;

/**
 * Raw yuv420p frames carrying the clock, for ffmpeg's rawvideo input: a grey picture whose top third is the
 * barcode (limited range: white Y=235, black Y=16), the same layout the canvases paint.
 */
export class RawClockFrames {
  readonly #template: Buffer;

  constructor(
    readonly width = 640,
    readonly height = 360,
  ) {
    const luma = width * height;
    this.#template = Buffer.alloc(luma + luma / 2, 128);
  }

  /** The frame for clock value `now` (Date.now()). */
  frame(now: number): Buffer {
    const out = Buffer.from(this.#template);
    const t = now & 0xffffff;
    const band = Math.floor(this.height / 3);
    const cell = this.width / CELLS;
    const row = Buffer.alloc(this.width);
    for (let i = 0; i < CELLS; i++) row.fill((t >> i) & 1 ? 235 : 16, Math.round(i * cell), Math.round((i + 1) * cell));
    for (let y = 0; y < band; y++) row.copy(out, y * this.width);
    return out;
  }
}

/** The p-th quantile (0–1) of `xs`, nearest rank; NaN when empty. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}
