import { playbackRates, type Chapter } from './player-time';

export type QualityLevel = { index: number; height: number; bitrate: number };
export type CaptionTrack = { index: number; lang: string; name: string };

/**
 * What the player shows, fed by hls.js events in Player.svelte (which owns hls.js itself). Private
 * state, getters to read, methods to change.
 */
export class PlayerState {
  #levels = $state.raw<QualityLevel[]>([]);
  /** -1: automatic. */
  #level = $state(-1);
  #playingHeight = $state<number | null>(null);
  #captions = $state.raw<CaptionTrack[]>([]);
  /** -1: off. */
  #caption = $state(-1);
  #rate = $state(1);
  #time = $state(0);
  #duration = $state(0);
  #seekableStart = $state(0);
  #paused = $state(true);
  #live = $state(false);
  #error = $state<string | null>(null);
  #chapters = $state.raw<Chapter[]>([]);

  get levels() { return this.#levels; }
  get level() { return this.#level; }
  get playingHeight() { return this.#playingHeight; }
  get captions() { return this.#captions; }
  get caption() { return this.#caption; }
  get rate() { return this.#rate; }
  get time() { return this.#time; }
  get duration() { return this.#duration; }
  get seekableStart() { return this.#seekableStart; }
  get paused() { return this.#paused; }
  get live() { return this.#live; }
  get error() { return this.#error; }
  get chapters() { return this.#chapters; }

  /** The chapter playing now, if any. */
  get currentChapter(): Chapter | null {
    return this.#chapters.findLast((c) => c.startSec <= this.#time + 0.25) ?? null;
  }

  setLevels(levels: QualityLevel[]): void {
    this.#levels = [...levels].sort((a, b) => b.height - a.height);
  }
  setLevel(index: number): void {
    this.#level = index;
  }
  setPlayingHeight(height: number | null): void {
    this.#playingHeight = height;
  }
  setCaptions(tracks: CaptionTrack[]): void {
    this.#captions = tracks;
  }
  setCaption(index: number): void {
    this.#caption = index;
  }
  setChapters(chapters: Chapter[]): void {
    this.#chapters = chapters;
  }
  setLive(live: boolean): void {
    this.#live = live;
  }
  setError(message: string | null): void {
    this.#error = message;
  }

  /** Mirrors the media element after each of its events. */
  sync(video: HTMLVideoElement): void {
    this.#time = video.currentTime;
    const seekable = video.seekable.length ? video.seekable : null;
    this.#seekableStart = seekable ? seekable.start(0) : 0;
    this.#duration = Number.isFinite(video.duration) ? video.duration : seekable ? seekable.end(seekable.length - 1) : 0;
    this.#paused = video.paused;
    this.#rate = video.playbackRate;
  }

  /** The next speed up or down the list, from the current one. */
  stepRate(step: 1 | -1): number {
    const i = playbackRates.findIndex((r) => r >= this.#rate);
    const next = playbackRates[Math.min(playbackRates.length - 1, Math.max(0, (i < 0 ? 1 : i) + step))]!;
    return next;
  }

  /** Start of the next or previous chapter from now, or null. */
  chapterStart(step: 1 | -1): number | null {
    const now = this.#time;
    if (step === 1) return this.#chapters.find((c) => c.startSec > now + 0.5)?.startSec ?? null;
    const earlier = this.#chapters.filter((c) => c.startSec < now - 2);
    return earlier.at(-1)?.startSec ?? 0;
  }
}
