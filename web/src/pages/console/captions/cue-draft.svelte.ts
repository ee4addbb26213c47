import { cueProblems, formatVttTime, parseVttTime, readWebVtt, writeWebVtt, type Cue, type CueProblem } from '@server/recording/webvtt.contract';

/** One row of the editor: times as typed (checked on save), text as written. */
export type DraftCue = { key: number; start: string; end: string; text: string };
export type RowProblem = CueProblem | 'badStart' | 'badEnd';

/** Seconds from what an archivist types: "75", "75.5", "1:15", "1:15.5", "0:01:15.500". */
export function parseTimeInput(value: string): number | null {
  const v = value.trim().replace(',', '.');
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v);
  const parts = v.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p, i) => (i === parts.length - 1 ? /^\d{1,2}(?:\.\d{1,3})?$/ : /^\d{1,3}$/).test(p))) {
    return parseVttTime(v);
  }
  const [s, m = '0', h = '0'] = [...parts].reverse();
  if (Number(s) >= 60 || (parts.length === 3 && Number(m) >= 60)) return null;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** Times are shown as the file writes them, without hours when there are none. */
export function showTime(sec: number): string {
  const t = formatVttTime(sec);
  return t.startsWith('00:') ? t.slice(3) : t;
}

/**
 * The cues of one caption language being edited (immich-style state class): rows in order, the file last
 * saved (to know about unsaved changes), and the checks the server also makes, per row.
 */
export class CueDraft {
  #rows = $state<DraftCue[]>([]);
  #saved = $state('');
  #selected = $state<number | null>(null);
  #next = 1;

  get rows(): readonly DraftCue[] {
    return this.#rows;
  }
  get selected(): number | null {
    return this.#selected;
  }
  /** The rows as cues; a time that does not parse becomes NaN. */
  get cues(): Cue[] {
    return this.#rows.map((r) => ({ startSec: parseTimeInput(r.start) ?? NaN, endSec: parseTimeInput(r.end) ?? NaN, text: r.text }));
  }
  get problems(): RowProblem[][] {
    const checked = cueProblems(this.cues);
    return this.#rows.map((r, i) => {
      const own: RowProblem[] = [];
      if (parseTimeInput(r.start) === null) own.push('badStart');
      if (parseTimeInput(r.end) === null) own.push('badEnd');
      return own.length ? [...own, ...checked[i]!.filter((p) => p === 'emptyText')] : checked[i]!;
    });
  }
  get valid(): boolean {
    return this.problems.every((p) => p.length === 0);
  }
  get dirty(): boolean {
    return this.toVtt() !== this.#saved;
  }

  /** Replaces everything with a file's cues (as loaded or imported); throws WebVttError on a bad file. */
  load(source: string, asSaved: boolean): void {
    const cues = readWebVtt(source);
    this.#rows = cues.map((c) => this.row(c.startSec, c.endSec, c.text));
    this.#selected = this.#rows[0]?.key ?? null;
    if (asSaved) this.#saved = this.toVtt();
  }

  /** Marks the current rows as what the server has. */
  markSaved(): void {
    this.#saved = this.toVtt();
  }

  toVtt(): string {
    return writeWebVtt(this.cues);
  }

  select(key: number | null): void {
    this.#selected = key;
  }

  /** A new cue at `atSec` (3 s long, shorter if the next cue starts sooner), placed in time order. */
  add(atSec: number): DraftCue {
    const start = Math.max(0, Math.round(atSec * 1000) / 1000);
    const nextStart = this.cues.map((c) => c.startSec).find((s) => s > start);
    const end = nextStart !== undefined && nextStart - start >= 0.5 ? Math.min(start + 3, nextStart) : start + 3;
    const row = this.row(start, end, '');
    const at = this.cues.findIndex((c) => c.startSec > start);
    this.#rows.splice(at < 0 ? this.#rows.length : at, 0, row);
    this.#selected = row.key;
    return row;
  }

  remove(key: number): void {
    const at = this.#rows.findIndex((r) => r.key === key);
    if (at < 0) return;
    this.#rows.splice(at, 1);
    if (this.#selected === key) this.#selected = this.#rows[Math.min(at, this.#rows.length - 1)]?.key ?? null;
  }

  update(key: number, patch: Partial<Omit<DraftCue, 'key'>>): void {
    const row = this.#rows.find((r) => r.key === key);
    if (row) Object.assign(row, patch);
  }

  setTime(key: number, which: 'start' | 'end', sec: number): void {
    this.update(key, { [which]: showTime(sec) });
  }

  /** Puts rows with readable times in start order (rows whose times do not parse stay last). */
  sort(): void {
    const at = (r: DraftCue) => parseTimeInput(r.start) ?? Number.POSITIVE_INFINITY;
    this.#rows = [...this.#rows].sort((a, b) => at(a) - at(b));
  }

  /** The row playing at `sec` (the latest one started), for highlighting and the preview. */
  activeAt(sec: number): DraftCue | null {
    const cues = this.cues;
    let found: DraftCue | null = null;
    cues.forEach((c, i) => {
      if (c.startSec <= sec && sec < c.endSec) found = this.#rows[i]!;
    });
    return found;
  }

  private row(startSec: number, endSec: number, text: string): DraftCue {
    return { key: this.#next++, start: showTime(startSec), end: showTime(endSec), text };
  }
}
