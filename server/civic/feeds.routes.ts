import { Router, type Request } from 'express';
import { renderChaptersVtt } from '../../media/recording/hls-playlist.js';
import { langSchema } from '../core/common.contract.js';
import { slugSchema } from './civic.contract.js';
import { can } from '../accounts/authorization.js';
import { notFound } from '../core/errors.js';
import { renderCalendar, renderRss } from './feeds.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { RepositoriesOf } from '../core/repositories.js';
import { authOf } from '../accounts/security.middleware.js';
import { parseInput } from '../core/http/validate.js';

const feedTitles = { hy: 'Նիստ — նոր ձայնագրություններ', en: 'Nist — new recordings', ru: 'Nist — новые записи' };

/** /feeds: upcoming sessions per body as iCalendar, new recordings as RSS. */
export function feedsRouter(repos: RepositoriesOf<'agenda' | 'bodies' | 'sessions'>, publicUrl: string | undefined): Router {
  const router = Router();
  const base = (req: Request) => (publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');

  router.get('/archive.rss', (req, res) => {
    const lang = parseInput(langSchema.default('hy'), req.query.lang, 'lang');
    const site = base(req);
    const { items } = repos.sessions.list({ status: 'ended', visibility: 'public', page: 1, pageSize: 100 });
    const recorded = items.filter((s) => s.recording && s.recording.status !== 'recording').slice(0, 50);
    res.type('application/rss+xml; charset=utf-8').setHeader('Cache-Control', 'public, max-age=300');
    res.send(
      renderRss({
        title: feedTitles[lang],
        link: `${site}/archive`,
        self: `${site}/feeds/archive.rss`,
        description: feedTitles[lang],
        language: lang,
        items: recorded.map((s) => ({
          guid: `nist-recording-${s.recording!.id}`,
          title: s.title,
          link: `${site}/sessions/${s.id}`,
          description: `${s.body[`name_${lang}`]}. ${repos.agenda.listBySession(s.id).map((a) => `${a.number}. ${a.title}`).join('; ')}`,
          pubDate: s.startsAt,
        })),
      }),
    );
  });

  router.get('/:file', (req, res) => {
    const match = /^(.+)\.ics$/.exec(req.params.file);
    const slug = match ? slugSchema.safeParse(match[1]) : undefined;
    const body = slug?.success ? repos.bodies.getBySlug(slug.data) : undefined;
    if (!body) throw notFound(`There is no feed at /feeds/${req.params.file}.`);
    const lang = parseInput(langSchema.default('hy'), req.query.lang, 'lang');
    const site = base(req);
    const upcoming = ['live', 'scheduled'].flatMap(
      (status) => repos.sessions.list({ status: status as 'live', bodySlug: body.slug, visibility: 'public', page: 1, pageSize: 100 }).items,
    );
    res.type('text/calendar; charset=utf-8').setHeader('Cache-Control', 'public, max-age=300');
    res.send(
      renderCalendar({
        name: body.name[lang],
        now: new Date(),
        events: upcoming.map((s) => ({
          uid: `session-${s.id}@${new URL(site).host}`,
          startsAt: s.startsAt,
          durationMin: 120,
          title: s.title,
          location: s.location,
          description: repos.agenda.listBySession(s.id).map((a) => `${a.number}. ${a.title}`).join('\n'),
          url: `${site}/sessions/${s.id}`,
          status: s.status,
        })),
      }),
    );
  });

  return router;
}

/** /recordings/<session>/chapters.vtt from the database, so chapters moved after the session show at once. */
export function chaptersVttRouter(repos: RepositoriesOf<'recordings' | 'sessions'>): Router {
  const router = Router();
  router.get('/:sessionId/chapters.vtt', (req, res) => {
    const id = Number(req.params.sessionId);
    const session = /^\d{1,15}$/.test(req.params.sessionId) ? repos.sessions.get(id as SessionId) : undefined;
    const visible = session && (session.visibility === 'public' || can(authOf(res).principal, 'private.view', session.bodyId));
    const recording = visible ? repos.sessions.getListRow(id as SessionId)?.recording : undefined;
    if (!session || !recording) throw notFound('There is no such recording.');
    const chapters = repos.recordings.chapterTitles(recording.id as RecordingId);
    res.type('text/vtt; charset=utf-8').setHeader('Cache-Control', session.visibility === 'public' ? 'no-cache' : 'private, no-store');
    res.send(renderChaptersVtt(chapters, recording.durationSec ?? 7 * 24 * 3600));
  });
  return router;
}
