import { getSession } from '../api';
import type { Lang } from '../i18n/i18n.svelte';
import type { HlsHealth } from './live-mode';

export type LiveHlsWatch = {
  sessionId: number;
  lang: Lang;
  /** The playlist's address once known (kept by the page across watches). */
  url: () => string | null;
  setUrl: (url: string) => void;
  report: (health: Exclude<HlsHealth, 'none' | 'unknown'>) => void;
};

const everyMs = 3000;
/** A live playlist that has not changed for this long (and has no end) has stalled: the recorder stopped or its disk is full. */
const stalledMs = 15_000;

/**
 * While the live page wants the live HLS: the session's recording while it is being recorded, whose playlist
 * must exist and keep growing. Checks at once and every 3 s; returns the stop.
 */
export function watchLiveHls(watch: LiveHlsWatch): () => void {
  let stopped = false;
  let last = '';
  let sameSince = performance.now();
  const check = async () => {
    try {
      let url = watch.url();
      if (!url) {
        const rec = (await getSession(watch.sessionId, watch.lang)).recording;
        if (!rec || (rec.status !== 'recording' && rec.status !== 'interrupted')) return void watch.report('missing');
        url = rec.hlsUrl;
        watch.setUrl(url);
      }
      const res = await fetch(url, { cache: 'no-store' });
      if (stopped) return;
      if (!res.ok) return void watch.report('missing');
      const text = await res.text();
      const now = performance.now();
      if (text !== last) {
        last = text;
        sameSince = now;
        watch.report('ok');
      } else if (now - sameSince > stalledMs && !text.includes('#EXT-X-ENDLIST')) watch.report('stalled');
    } catch {
      if (!stopped) watch.report('missing');
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
