/** Pure helpers for the player: start times, chapters, clock text and keyboard shortcuts. */

export type Chapter = { startSec: number; endSec: number | null; title: string };

/** `?t=` as residents share it: "95", "95s", "1m35s", "1h2m3s", "1:35" or "01:02:03". Null if unreadable. */
export function parseStartTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?s?$/.test(v)) return Number.parseFloat(v);
  const hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(v);
  if (hms && v !== '') return Number(hms[1] ?? 0) * 3600 + Number(hms[2] ?? 0) * 60 + Number(hms[3] ?? 0);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(v);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return null;
}

const cueTime = (t: string): number => {
  const parts = t.trim().split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
};

/** Cues of a chapters WebVTT file (`<recording>/chapters.vtt`). */
export function parseChaptersVtt(text: string): Chapter[] {
  const chapters: Chapter[] = [];
  for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
    const lines = block.split('\n').filter(Boolean);
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0) continue;
    const [start, end] = lines[timing]!.split('-->').map((s) => s.trim().split(' ')[0]!);
    const title = lines.slice(timing + 1).join(' ').trim();
    if (start && title) chapters.push({ startSec: cueTime(start), endSec: end ? cueTime(end) : null, title });
  }
  return chapters.sort((a, b) => a.startSec - b.startSec);
}

/** "1:02:03" or "2:03". */
export function formatClock(sec: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(sec) ? sec : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const playbackRates = [0.75, 1, 1.25, 1.5, 2] as const;

export type KeyAction =
  | { kind: 'toggle' }
  | { kind: 'seekBy'; sec: number }
  | { kind: 'seekToFraction'; fraction: number }
  | { kind: 'rate'; step: 1 | -1 }
  | { kind: 'mute' }
  | { kind: 'fullscreen' }
  | { kind: 'captions' }
  | { kind: 'chapter'; step: 1 | -1 };

/** YouTube-like shortcuts (`event.key`), so residents need not learn new ones. */
export function keyAction(key: string): KeyAction | null {
  switch (key) {
    case ' ':
    case 'k':
      return { kind: 'toggle' };
    case 'ArrowLeft':
      return { kind: 'seekBy', sec: -5 };
    case 'ArrowRight':
      return { kind: 'seekBy', sec: 5 };
    case 'j':
      return { kind: 'seekBy', sec: -10 };
    case 'l':
      return { kind: 'seekBy', sec: 10 };
    case '>':
      return { kind: 'rate', step: 1 };
    case '<':
      return { kind: 'rate', step: -1 };
    case 'm':
      return { kind: 'mute' };
    case 'f':
      return { kind: 'fullscreen' };
    case 'c':
      return { kind: 'captions' };
    case 'N': // Shift+N
      return { kind: 'chapter', step: 1 };
    case 'P': // Shift+P
      return { kind: 'chapter', step: -1 };
    default:
      return /^[0-9]$/.test(key) ? { kind: 'seekToFraction', fraction: Number(key) / 10 } : null;
  }
}
