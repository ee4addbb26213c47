import fs from 'node:fs';
import { freeBytes } from './disk-space.js';

/**
 * ffmpeg's HLS muxer does not fail on ENOSPC (it keeps running and writes nothing), so the recorder watches
 * free space itself: full means less than `minFreeBytes` or than room for two more segments.
 */
export class DiskGuard {
  private lastCheck = 0;
  private largestSegment = 0;

  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
  ) {}

  /** A segment was written: the next two must fit as well. */
  noteSegment(file: string): void {
    this.largestSegment = Math.max(this.largestSegment, sizeOf(file));
  }

  /** Whether the disk is full; checked at most every half second unless `force`. */
  isFull(force = false): boolean {
    if (!force && Date.now() - this.lastCheck < 500) return false;
    this.lastCheck = Date.now();
    return this.free() < Math.max(this.minFreeBytes, 2 * this.largestSegment);
  }

  free(): number {
    return freeBytes(this.dir);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
