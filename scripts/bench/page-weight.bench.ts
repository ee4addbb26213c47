// JavaScript each public page makes the browser download, gzipped (as any production proxy serves it):
// Chromium loads each page from a real server and every script response is counted once.
//   node --import tsx scripts/bench/page-weight.bench.ts      (builds nothing: run npm run build:web first)
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../server/core/config.js';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { startServer } from '../../tests/helpers/server.js';
import { demoIds } from '../../tests/helpers/signaling.js';
import { writeBenchResult, type Figure } from './lib.js';

const server = await startServer();
const browser = await launchChromium();
try {
  const { endedSessionId, scheduledSessionId } = demoIds(server);
  // The demo recording is made in the job queue; the session page loads hls.js only once it is playable.
  for (let i = 0; i < 180; i++) {
    const d = (await (await fetch(`${server.url}/api/sessions/${endedSessionId}`)).json()) as { recording: { status: string } | null };
    if (d.recording?.status === 'ready') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const pages: [string, string, number?][] = [
    ['home', '/', 80],
    ['archive (search)', '/archive?q=%D5%A2%D5%B5%D5%B8%D6%82%D5%BB%D5%A5'],
    ['body', '/bodies/ashtarak-council'],
    ['session, upcoming', `/sessions/${scheduledSessionId}`],
    ['session, recorded (the player loads hls.js on demand)', `/sessions/${endedSessionId}`],
    ['embed', `/embed/${endedSessionId}`],
  ];
  const figures: Figure[] = [];
  for (const [label, path, target] of pages) {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
    });
    await page.goto(server.url + path);
    await page.waitForLoadState('networkidle');
    await new Promise((r) => setTimeout(r, 500));
    const kb = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
    figures.push({ label: `JS on ${label}`, value: kb, unit: 'KB gz', ...(target ? { target, better: 'lower' as const } : {}), detail: `${scripts.size} files` });
    await context.close();
  }
  // The player fetches this chunk when a recording starts loading; Safari/iOS, without Media Source Extensions' need, play HLS natively and never run it.
  const assets = path.join(projectRoot, 'web', 'dist', 'assets');
  const hls = fs.readdirSync(assets).find((f) => /^hls-.*\.js$/.test(f));
  if (hls) figures.push({ label: 'hls.js chunk, loaded on demand by the player', value: gzipSync(fs.readFileSync(path.join(assets, hls)), { level: 9 }).length / 1024, unit: 'KB gz' });
  writeBenchResult('page-weight', figures, ['Scripts the page downloads at a phone width, each gzipped at level 9.']);
} finally {
  await browser.close();
  await server.stop();
}
