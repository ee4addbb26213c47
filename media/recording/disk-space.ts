import fs from 'node:fs';

/** The recordings disk's free space against the floor below which recording stops. */
export type DiskState = { ok: boolean; freeBytes: number; minFreeBytes: number };

/** Bytes an unprivileged writer can still use on the file system holding `dir` (Infinity if it cannot be read). */
export function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir);
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
