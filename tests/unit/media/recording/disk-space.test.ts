import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskState, freeBytes } from '../../../../media/recording/disk-space.js';

describe('disk space of the recordings folder', () => {
  it('measures a folder that does not exist yet at its nearest existing parent', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-disk-'));
    const free = freeBytes(tmp);
    expect(free).toBeGreaterThan(0);
    expect(Number.isFinite(free)).toBe(true);
    expect(Math.abs(freeBytes(path.join(tmp, 'not', 'made', 'yet')) - free)).toBeLessThan(64 * 1024 * 1024);
  });

  it('is ok at or above the floor and not below it', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-disk-'));
    const free = freeBytes(tmp);
    expect(diskState(tmp, 1)).toMatchObject({ ok: true, minFreeBytes: 1 });
    expect(diskState(tmp, free * 4)).toMatchObject({ ok: false, minFreeBytes: free * 4 });
  });
});
