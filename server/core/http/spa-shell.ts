import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

/** Vite's build manifest (`build.manifest`): one entry per chunk, keyed by source path or `_<chunk file>`. */
type ManifestChunk = { file: string; imports?: string[]; css?: string[]; isEntry?: boolean };
type Manifest = Record<string, ManifestChunk>;

/** The dynamic chunk a page of a live or upcoming session loads before it can join the room. */
const livePlayerChunk = 'src/components/LivePlayer.svelte';

export type SpaShellOptions = {
  webDistDir: string;
  /**
   * Whether the page at this path will load the live player at once (a public council session that is live or
   * scheduled); the shell then tells the browser to fetch its chunks while the app itself loads.
   */
  wantsLivePlayer: (pathname: string) => boolean;
  /** Tags added to every page's head (an edge names its origin: web/src/lib/live/edge-failover.ts). */
  head?: () => string;
};

/**
 * Serves the web app's index.html for every page path (the client routes). For pages that will open the live
 * player it adds `<link rel="modulepreload">` for the player's chunks (mediasoup-client among them), so they
 * download in parallel with the app instead of after it has fetched the session: on a phone that is the
 * difference between one round of downloads and three before the first frame.
 */
export function spaShell(options: SpaShellOptions): RequestHandler {
  const indexHtml = path.join(options.webDistDir, 'index.html');
  const manifestFile = path.join(options.webDistDir, '.vite', 'manifest.json');
  let cached: { mtimeMs: number; html: string; liveHtml: string } | null = null;

  /** index.html as built, and with the live player's preloads; re-read when a new build replaces it; null if not built. */
  const load = () => {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(indexHtml).mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const html = fs.readFileSync(indexHtml, 'utf8');
      cached = { mtimeMs, html, liveHtml: withPreloads(html, readManifest(manifestFile)) };
    }
    return cached;
  };

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const shell = load();
    if (!shell) {
      res.status(503).type('text/plain').send('The web app is not built yet: run npm run build:web (npm start does it).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    const head = options.head?.() ?? '';
    const withHead = (html: string) => (head ? html.replace('</head>', `  ${head}\n  </head>`) : html);
    if (!options.wantsLivePlayer(req.path)) return void res.type('html').send(withHead(shell.html));
    // The page may start the player's code before it has fetched the session (web/src/lib/live/early-live.ts).
    const hint = `<meta name="nist-live-player" content="${encodeURI(req.path)}">`;
    res.type('html').send(withHead(shell.liveHtml.replace('</head>', `  ${hint}\n  </head>`)));
  };
}

function readManifest(file: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return null; // an older build without a manifest: no preloads, the page works as before
  }
}

/** Adds modulepreload links for the live player chunk and the chunks it imports that the entry does not. */
export function withPreloads(html: string, manifest: Manifest | null): string {
  const player = manifest?.[livePlayerChunk];
  if (!manifest || !player) return html;
  const visit = (key: string, into: Set<string>) => {
    if (into.has(key) || !manifest[key]) return;
    into.add(key);
    for (const k of manifest[key]!.imports ?? []) visit(k, into);
  };
  // What the entry's own modulepreloads (in index.html already) cover.
  const loaded = new Set<string>();
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (entryKey) visit(entryKey, loaded);
  const wanted = new Set<string>();
  visit(livePlayerChunk, wanted);
  const links = [...wanted]
    .filter((k) => !loaded.has(k))
    .map((k) => `<link rel="modulepreload" crossorigin href="/${manifest[k]!.file}">`);
  // A stylesheet, not a preload: Vite's loader waits for the chunk's CSS to load before it runs the chunk unless
  // the page already has it as a stylesheet; the page shows the player at once anyway.
  for (const css of player.css ?? []) links.push(`<link rel="stylesheet" crossorigin href="/${css}">`);
  return html.replace('</head>', `    ${links.join('\n    ')}\n  </head>`);
}
