import path from 'node:path';
import { Router, type NextFunction, type Response } from 'express';
import { renderSubtitlePlaylist, withSubtitles } from '../../media/recording/subtitle-playlists.js';
import { languages, type Lang, type RecordingId, type SessionId } from '../core/ids.js';
import { parseWebVtt } from './webvtt.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { RecordingStore } from './recording-store.js';
import { recordingsAccess } from './recordings-access.middleware.js';

/** Caption names as players list them: each language in itself. */
const names: Record<Lang, string> = { hy: 'Հայերեն', en: 'English', ru: 'Русский' };

/**
 * A recording's HLS master playlist with its captions, built on request from the database (always current
 * after an upload, an edit or a deletion), and one subtitles playlist per language pointing at the caption
 * file. Private recordings keep the access rule of every other recording file. Without captions, or
 * without a ladder yet, the files on disk are served as they are.
 */
export function captionPlaylistsRouter(
  repos: RepositoriesOf<'recordings' | 'sessions'>,
  store: RecordingStore,
): Router {
  const router = Router();
  const access = recordingsAccess(repos.sessions);

  const captionsOf = (sessionId: string) => {
    const recording = repos.sessions.getListRow(Number(sessionId) as SessionId)?.recording;
    if (!recording) return null;
    const captions = repos.recordings
      .captions(recording.id as RecordingId)
      .filter((c) => languages.includes(c.lang as Lang))
      .sort((a, b) => languages.indexOf(a.lang as Lang) - languages.indexOf(b.lang as Lang));
    return { recording, captions };
  };
  const noCache = (res: Response) => {
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-cache');
  };

  router.get('/:sessionId/master.m3u8', access, (req, res, next) => {
    const sessionId = String(req.params.sessionId);
    const found = captionsOf(sessionId);
    const file = store.relative(Number(sessionId) as SessionId, 'master.m3u8');
    if (!found?.captions.length || !store.exists(file)) return next();
    // None is DEFAULT: hls.js would show a default track whatever the page's language; the player turns on
    // the captions in the page's language itself, and Safari picks by the viewer's settings (AUTOSELECT).
    const tracks = found.captions.map((c) => ({ uri: `captions.${c.lang}.m3u8`, lang: c.lang, name: names[c.lang as Lang] }));
    noCache(res);
    res.type('application/vnd.apple.mpegurl').send(withSubtitles(store.readText(file), tracks));
  });

  router.get('/:sessionId/:file', (req, res, next) => {
    const lang = /^captions\.([a-z]{2})\.m3u8$/.exec(req.params.file)?.[1];
    if (!lang) return next();
    access(req, res, (error?: unknown) => (error ? next(error) : subtitles(req.params.sessionId, lang, res, next)));
  });
  const subtitles = (sessionId: string, lang: string, res: Response, next: NextFunction) => {
    const found = captionsOf(sessionId);
    const caption = found?.captions.find((c) => c.lang === lang);
    if (!found || !caption) return next();
    const duration = found.recording.durationSec ?? lastCueEnd(store.readText(caption.vttPath));
    noCache(res);
    res.type('application/vnd.apple.mpegurl').send(renderSubtitlePlaylist(path.posix.basename(caption.vttPath), duration));
  };

  return router;
}

/** A recording still without a duration (being processed): the captions' own end. */
function lastCueEnd(vtt: string): number {
  return parseWebVtt(vtt).reduce((end, c) => Math.max(end, c.endSec), 1);
}
