/**
 * The one rule for how long caches keep a recording file, wherever it is served from (the local disk in
 * app.ts, the object store in server/recording/stored-files.routes.ts). Private sessions' files are not
 * here: recordingsAccess marks them `private, no-store` before either route runs.
 *
 * A public recording file: a live playlist grows each segment, so shared caches (nginx, a CDN) may keep it a
 * second and browsers ask every time. Segments never change once written, but a clerk can hide their session:
 * caches keep them `cacheSec` (RECORDINGS_CACHE_SEC) and then revalidate (the ETag gets a 304, a hidden session
 * a 404), so hiding takes effect everywhere within that time, at the cost of one small request per file per cache.
 *
 * A redirect to a presigned URL (S3_SERVE=redirect) is the browser's alone: shared caches never keep it (they
 * would hand a hidden session's URL on), and the browser reuses it for at most a minute, which the presigned
 * URL (S3_PRESIGN_TTL_SEC, 60 s or more) always outlives.
 */
export function recordingCacheControl(file: string, cacheSec: number, as: 'file' | 'redirect' = 'file'): string {
  if (as === 'redirect') return `private, max-age=${Math.min(cacheSec, 60)}`;
  return file.endsWith('.m3u8') ? 'public, max-age=0, s-maxage=1' : `public, max-age=${cacheSec}`;
}
