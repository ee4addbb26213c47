/**
 * WebVTT read and write without Node dependencies: the server checks and indexes uploaded captions with
 * it, and the console's cue editor loads, validates and saves with the same rules.
 */
export type Cue = { startSec: number; endSec: number; text: string };

/** A wrong file, with the (1-based) line it is about when there is one. */
export class WebVttError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? message : `Line ${line}: ${message}`);
  }
}

const timestamp = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** "01:02:03.450" or "02:03.450" → seconds; null when it is not a WebVTT timestamp. */
export function parseVttTime(value: string): number | null {
  const m = timestamp.exec(value.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/** Seconds → "HH:MM:SS.mmm" (always with hours, rounded to the millisecond). */
export function formatVttTime(sec: number): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * Parses a WebVTT file. Cue text comes back as written (tags kept, lines joined by "\n"); `plainCueText`
 * strips it. Throws WebVttError naming the line: no header, a bad timing, a cue ending before it starts,
 * cues out of order (the format requires start times in order), or more than `maxCues` cues.
 */
export function readWebVtt(source: string, maxCues = 20_000): Cue[] {
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
    if (timingAt < 0 || timingAt > 1) throw new WebVttError('expected a cue timing such as "00:01:02.000 --> 00:01:05.500".', blockStart + 1);
    const line = blockStart + timingAt + 1;
    const [from, rest = ''] = block[timingAt]!.split('-->');
    const start = parseVttTime(from!);
    const end = parseVttTime(rest.trim().split(/\s+/)[0] ?? '');
    if (start === null || end === null) throw new WebVttError('the cue timing is not HH:MM:SS.mmm --> HH:MM:SS.mmm.', line);
    if (end <= start) throw new WebVttError('the cue ends before it starts.', line);
    const previous = cues[cues.length - 1];
    if (previous && start < previous.startSec) throw new WebVttError('the cue starts before the cue above it; cues must be in time order.', line);
    cues.push({ startSec: start, endSec: end, text: block.slice(timingAt + 1).join('\n') });
    if (cues.length > maxCues) throw new WebVttError(`A caption file has at most ${maxCues} cues.`);
  }
  return cues;
}

/** A cue's words without markup, on one line (for search and previews). */
export function plainCueText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lrm;|&rlm;/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Cue text as a WebVTT payload: no blank lines (they would end the cue), no "-->", and "&" or "<" that do
 * not start an entity or a tag escaped, so that what was typed is what is shown.
 */
export function cuePayload(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n')
    .replace(/-->/g, '->')
    .replace(/&(?!(?:amp|lt|gt|nbsp|lrm|rlm);)/g, '&amp;')
    .replace(/<(?![/a-zA-Z0-9.])/g, '&lt;');
}

/** Writes cues as a WebVTT file (numbered, in the order given). */
export function writeWebVtt(cues: readonly Cue[]): string {
  const blocks = cues.map((c, i) => `${i + 1}\n${formatVttTime(c.startSec)} --> ${formatVttTime(c.endSec)}\n${cuePayload(c.text)}`);
  return `WEBVTT\n\n${blocks.join('\n\n')}${blocks.length ? '\n' : ''}`;
}

export type CueProblem = 'negative' | 'endBeforeStart' | 'order' | 'emptyText';

/** What is wrong with each cue before saving (empty list: nothing); the editor shows these per row. */
export function cueProblems(cues: readonly Cue[]): CueProblem[][] {
  return cues.map((c, i) => {
    const problems: CueProblem[] = [];
    if (!Number.isFinite(c.startSec) || !Number.isFinite(c.endSec) || c.startSec < 0 || c.endSec < 0) problems.push('negative');
    else if (c.endSec <= c.startSec) problems.push('endBeforeStart');
    const previous = cues[i - 1];
    if (previous && Number.isFinite(previous.startSec) && c.startSec < previous.startSec) problems.push('order');
    if (plainCueText(c.text) === '') problems.push('emptyText');
    return problems;
  });
}
