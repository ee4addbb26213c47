/** A small WebVTT reader: enough to check an uploaded caption file and index what its cues say. */
export type Cue = { startSec: number; endSec: number; text: string };

const timestamp = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function seconds(value: string): number | null {
  const m = timestamp.exec(value.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

export class WebVttError extends Error {}

/** Parses a WebVTT file; throws WebVttError saying which line is wrong. Cue text comes back without tags. */
export function parseWebVtt(source: string, maxCues = 20_000): Cue[] {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new WebVttError('A WebVTT file starts with the line "WEBVTT".');
  const cues: Cue[] = [];
  let i = 1;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (/^(NOTE|STYLE|REGION)\b/.test(block[0]!)) continue;
    const timingAt = block.findIndex((l) => l.includes('-->'));
    if (timingAt < 0 || timingAt > 1) throw new WebVttError(`Line ${blockStart + 1}: expected a cue timing such as "00:01:02.000 --> 00:01:05.500".`);
    const [from, rest = ''] = block[timingAt]!.split('-->');
    const start = seconds(from!);
    const end = seconds(rest.trim().split(/\s+/)[0] ?? '');
    if (start === null || end === null) throw new WebVttError(`Line ${blockStart + timingAt + 1}: the cue timing is not HH:MM:SS.mmm --> HH:MM:SS.mmm.`);
    if (end <= start) throw new WebVttError(`Line ${blockStart + timingAt + 1}: the cue ends before it starts.`);
    const text = block
      .slice(timingAt + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .trim();
    cues.push({ startSec: start, endSec: end, text });
    if (cues.length > maxCues) throw new WebVttError(`A caption file has at most ${maxCues} cues.`);
  }
  return cues;
}
