// Live captions: from the captioner's Enter (the caption:send request) to its ack, to the line on a resident's
// page watching over WebRTC (the overlay), and to the line in the live HLS WebVTT rendition (as a player polling
// the subtitles playlist would first find it); median and p95. Targets: the page < 1 s, the rendition < one segment.
//   BENCH_LINES=15 npm run bench -- live-captions
import type { Page } from 'playwright-core';
import { login } from '../../tests/helpers/auth.js';
import { launchChromium } from '../../tests/helpers/browser.js';
import { liveMode, openLivePage, putOnAir, takeOffAir } from '../../tests/helpers/live-scenario.js';
import { startServer } from '../../tests/helpers/server.js';
import { connect, ok } from '../../tests/helpers/signaling.js';
import { percentile } from './glass-barcode.js';
import { median, writeBenchResult } from './lib.js';

const LINES = Number(process.env.BENCH_LINES ?? 15);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** In the page: when (wall clock, the same machine's as this process's) each line first showed on the overlay. */
const seenScript = () => {
  const seen: Record<string, number> = {};
  (window as unknown as { __captionSeen: Record<string, number> }).__captionSeen = seen;
  new MutationObserver(() => {
    for (const el of Array.from(document.querySelectorAll('[data-testid="caption-overlay"] .caption-line'))) {
      const text = el.textContent ?? '';
      if (!(text in seen)) seen[text] = Date.now();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

const server = await startServer();
const browser = await launchChromium();
let cli: Awaited<ReturnType<typeof putOnAir>>['cli'] | undefined;
try {
  const air = await putOnAir(server, { recording: true });
  cli = air.cli;
  const { sessionId } = air;
  const page: Page = await openLivePage(browser, server, sessionId, { initScript: seenScript });
  for (let i = 0; i < 150 && (await liveMode(page)) !== 'webrtc'; i++) await sleep(200);
  const typist = await connect(server.url, await login(server, 'captioner'));
  const base = `${server.url}/recordings/${sessionId}`;

  /** When the line was first in the rendition: the subtitles playlist's last segments, polled every 100 ms. */
  const inRendition = async (text: string, deadline: number): Promise<number | null> => {
    while (Date.now() < deadline) {
      const playlist = await (await fetch(`${base}/captions.hy.m3u8`)).text();
      const uris = playlist.split('\n').filter((l) => l && !l.startsWith('#')).slice(-3);
      const parts = await Promise.all(uris.map(async (u) => (await fetch(`${base}/${u}`)).text()));
      if (parts.some((p) => p.includes(text))) return Date.now();
      await sleep(100);
    }
    return null;
  };

  const acks: number[] = [];
  const pages: number[] = [];
  const hls: number[] = [];
  let missed = 0;
  await sleep(3000);
  for (let i = 0; i < LINES; i++) {
    const text = `Տող ${i + 1}. Խոսքը տրվում է ավագանու անդամին։`;
    const sentAt = Date.now();
    await ok(typist, 'caption:send', { sessionId, lang: 'hy', text });
    acks.push(Date.now() - sentAt);
    const rendition = inRendition(text, sentAt + 20_000);
    let seen: number | undefined;
    for (let j = 0; j < 200 && !(seen = await page.evaluate((t) => (window as unknown as { __captionSeen: Record<string, number> }).__captionSeen[t], text)); j++) await sleep(25);
    const found = await rendition;
    if (seen) pages.push(seen - sentAt);
    if (found) hls.push(found - sentAt);
    if (!seen || !found) missed += 1;
    // Lines come every 1–3 s, as a typist's would, and out of step with the segments.
    await sleep(1000 + Math.random() * 2000);
  }
  const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(await (await fetch(`${server.url}/recordings/${sessionId}/source/index.m3u8`)).text())?.[1] ?? 4) * 1000;
  const detail = (xs: number[]) => `${xs.length} lines${missed ? `, ${missed} not seen in time` : ''}`;
  writeBenchResult(
    'live-captions',
    [
      { label: 'Enter → send ack, median', value: median(acks), unit: 'ms', better: 'lower', detail: detail(acks) },
      { label: 'Enter → send ack, p95', value: percentile(acks, 0.95), unit: 'ms', better: 'lower' },
      { label: "Enter → line on a resident's page (WebRTC), median", value: median(pages), unit: 'ms', target: 1000, better: 'lower', detail: detail(pages) },
      { label: "Enter → line on a resident's page (WebRTC), p95", value: percentile(pages, 0.95), unit: 'ms', target: 1000, better: 'lower' },
      { label: 'Enter → line in the HLS WebVTT rendition, median', value: median(hls), unit: 'ms', target, better: 'lower', detail: detail(hls) },
      { label: 'Enter → line in the HLS WebVTT rendition, p95', value: percentile(hls, 0.95), unit: 'ms', target, better: 'lower' },
    ],
    [
      `The rendition's target is one segment (${target / 1000} s, the recorder's EXT-X-TARGETDURATION): a line is in the rendition once the video segment it starts in is listed.`,
      'The page figure is wall clock from the request to the overlay showing the line (a MutationObserver in the page, the same machine clock).',
    ],
  );
} finally {
  await takeOffAir(cli);
  await browser.close();
  await server.stop();
}
process.exit(0);
