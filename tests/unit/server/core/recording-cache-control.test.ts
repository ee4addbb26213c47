import { describe, expect, it } from 'vitest';
import { recordingCacheControl } from '../../../../server/core/http/recording-cache-control.js';

// The one rule for the local files (server/core/http/app.ts) and the object store's (stored-files.routes.ts).
describe('recordingCacheControl', () => {
  it('keeps a public segment RECORDINGS_CACHE_SEC and a playlist a second in shared caches only', () => {
    expect(recordingCacheControl('5/720p/seg_00001.ts', 60)).toBe('public, max-age=60');
    expect(recordingCacheControl('5/poster.jpg', 3600)).toBe('public, max-age=3600');
    expect(recordingCacheControl('5/720p/index.m3u8', 60)).toBe('public, max-age=0, s-maxage=1');
  });

  it('keeps a redirect to a presigned URL out of shared caches, and in the browser a minute at most', () => {
    expect(recordingCacheControl('5/720p/seg_00001.ts', 3600, 'redirect')).toBe('private, max-age=60');
    expect(recordingCacheControl('5/720p/seg_00001.ts', 10, 'redirect')).toBe('private, max-age=10');
  });
});
