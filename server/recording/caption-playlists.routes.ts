import path from 'node:path';
import { Router, type NextFunction, type Response } from 'express';
import { renderSubtitlePlaylist, withSubtitles } from '../../media/recording/subtitle-playlists.js';
import { languages, type Lang, type RecordingId, type SessionId } from '../core/ids.js';
import { parseWebVtt } from './webvtt.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { RecordingStore } from './recording-store.js';
import { recordingsAccess } from './recordings-access.middleware.js';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { sourcePlaylist } from '../../media/recording/recorder.js';
import {
  captionTrackNames,
  parseLiveVttSegmentName,
  renderLiveMaster,
  renderLiveSubtitlePlaylist,
  renderLiveVttSegment,
  segmentWindows,
} from '../captions/live-rendition.js';


/**
 * A recording's HLS master playlist with its captions, built on request from the database (always current
 * after an upload, an edit or a deletion), and one subtitles playlist per language pointing at the caption
 * file. Private recordings keep the access rule of every other recording file. Without captions, or
 * without a ladder yet, the files on disk are served as they are. While a session is being recorded, the
 * master playlist is a live one (the recorder's playlist with every language's live captions, see
 * server/captions/live-rendition.ts) and each language's subtitles follow the video segment by segment.
 */
export function captionPlaylistsRouter(
  repos: RepositoriesOf<'recordings' | 'sessions' | 'liveCaptions'>,
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

  /** The session's recording while it records, with its video segments so far (null: not recording now). */
  const liveOf = (sessionId: string) => {
    const id = Number(sessionId) as SessionId;
    if (!repos.recordings.findRecording(id) || store.exists(store.relative(id, 'master.m3u8'))) return null;
    const playlist = store.relative(id, sourcePlaylist);
    if (!store.exists(playlist)) return null;
    const video = parseMediaPlaylist(store.readText(playlist));
    return { id, windows: segmentWindows(video.segments), ended: video.ended };
  };

  router.get('/:sessionId/master.m3u8', access, (req, res, next) => {
    const sessionId = String(req.params.sessionId);
    if (liveOf(sessionId)) {
      noCache(res);
      return void res.type('application/vnd.apple.mpegurl').send(renderLiveMaster(sourcePlaylist, languages));
    }
    const found = captionsOf(sessionId);
    const file = store.relative(Number(sessionId) as SessionId, 'master.m3u8');
    if (!found?.captions.length || !store.exists(file)) return next();
    // None is DEFAULT: hls.js would show a default track whatever the page's language; the player turns on
    // the captions in the page's language itself, and Safari picks by the viewer's settings (AUTOSELECT).
    const tracks = found.captions.map((c) => ({ uri: `captions.${c.lang}.m3u8`, lang: c.lang, name: captionTrackNames[c.lang as Lang] }));
    noCache(res);
    res.type('application/vnd.apple.mpegurl').send(withSubtitles(store.readText(file), tracks));
  });

  router.get('/:sessionId/:file', (req, res, next) => {
    const lang = /^captions\.([a-z]{2})\.m3u8$/.exec(req.params.file)?.[1];
    const segment = parseLiveVttSegmentName(req.params.file);
    if (!lang && !segment) return next();
    access(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (lang) return subtitles(req.params.sessionId, lang, res, next);
      liveSegment(req.params.sessionId, segment!, res, next);
    });
  });
  const subtitles = (sessionId: string, lang: string, res: Response, next: NextFunction) => {
    const live = languages.includes(lang as Lang) ? liveOf(sessionId) : null;
    if (live) {
      noCache(res);
      return void res.type('application/vnd.apple.mpegurl').send(renderLiveSubtitlePlaylist(lang as Lang, live.windows, live.ended));
    }
    const found = captionsOf(sessionId);
    const caption = found?.captions.find((c) => c.lang === lang);
    if (!found || !caption) return next();
    const duration = found.recording.durationSec ?? lastCueEnd(store.readText(caption.vttPath));
    noCache(res);
    res.type('application/vnd.apple.mpegurl').send(renderSubtitlePlaylist(path.posix.basename(caption.vttPath), duration));
  };

  // A live segment's lines can still be corrected or joined by the next one: never cached.
  const liveSegment = (sessionId: string, segment: { lang: string; index: number }, res: Response, next: NextFunction) => {
    const live = languages.includes(segment.lang as Lang) ? liveOf(sessionId) : null;
    const window = live?.windows[segment.index];
    if (!live || !window) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/vtt').send(renderLiveVttSegment(repos.liveCaptions.all(live.id, segment.lang as Lang), window));
  };

  return router;
}

/** A recording still without a duration (being processed): the captions' own end. */
function lastCueEnd(vtt: string): number {
  return parseWebVtt(vtt).reduce((end, c) => Math.max(end, c.endSec), 1);
}
