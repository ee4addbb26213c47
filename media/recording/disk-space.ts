import fs from 'node:fs';
import path from 'node:path';

/** The recordings disk's free space against the floor below which recording stops. */
export type DiskState = { ok: boolean; freeBytes: number; minFreeBytes: number };

/**
 * Bytes an unprivileged writer can still use on the file system that holds (or will hold) `dir`: a folder not
 * made yet is measured at its nearest existing parent. Infinity if it cannot be read.
 */
export function freeBytes(dir: string): number {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  try {
    const s = fs.statfsSync(at);
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The disk holding `dir`: ok while it has at least `minFreeBytes` free. An unreadable folder is not ok. */
export function diskState(dir: string, minFreeBytes: number): DiskState {
  const free = freeBytes(dir);
  if (!Number.isFinite(free)) return { ok: false, freeBytes: 0, minFreeBytes };
  return { ok: free >= minFreeBytes, freeBytes: free, minFreeBytes };
}
