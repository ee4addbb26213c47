import path from 'node:path';
import type { Db } from '../core/database.js';
import type { RecordingStore } from '../recording/recording-store.js';
import { documentFileName, filesUnder, packageFile, packageFormat, uuidOf, type ArchivePackage, type PackageSession } from './archive-package.js';
import { writeBag, type PayloadFile } from './bagit.js';
import { bill, event, organization, person, voteEvent } from './open-data.js';
import { OpenDataRepository } from './open.repository.js';

export type ExportRequest = { bodySlug: string; from?: string; to?: string; out: string; site: string };
export type ExportResult = { out: string; sessions: number; files: number; bytes: number };

type SessionRow = { id: number; ocd_id: string; kind: 'council' | 'meeting'; title: string; starts_at: string; location: string; status: 'scheduled' | 'live' | 'ended'; visibility: 'public' | 'private' };

/**
 * Writes one body's sessions (all of them, private ones too: an archive package is the archivist's copy, and
 * keeps each session's visibility) as a BagIt package. Recording files are read through the recording store.
 */
export async function exportBody(db: Db, deps: { store: RecordingStore; documentsDir: string }, req: ExportRequest, onProgress?: (done: number, total: number) => void): Promise<ExportResult> {
  const body = db.prepare('SELECT * FROM bodies WHERE slug = ?').get(req.bodySlug) as
    | { id: number; ocd_id: string; slug: string; kind: 'council' | 'institution'; name_hy: string; name_en: string; name_ru: string }
    | undefined;
  if (!body) throw new Error(`There is no body with the slug ${req.bodySlug}.`);
  const open = new OpenDataRepository(db, { includePrivate: true });
  const filter = { organization: body.slug, from: req.from, to: req.to };
  const where = ['body_id = ?'];
  const params: unknown[] = [body.id];
  if (req.from) where.push('starts_at >= ?'), params.push(req.from);
  if (req.to) where.push('starts_at < ?'), params.push(/^\d{4}-\d{2}-\d{2}$/.test(req.to) ? `${req.to}T24` : req.to);
  const sessions = db.prepare(`SELECT id, ocd_id, kind, title, starts_at, location, status, visibility FROM sessions WHERE ${where.join(' AND ')} ORDER BY starts_at, id`).all(...params) as SessionRow[];

  const members = db.prepare('SELECT id, ocd_id, name, role, term_start, term_end FROM members WHERE body_id = ? ORDER BY id').all(body.id) as {
    id: number;
    ocd_id: string;
    name: string;
    role: string;
    term_start: string | null;
    term_end: string | null;
  }[];
  const personOf = new Map(members.map((m) => [m.id, m.ocd_id]));
  const files: PayloadFile[] = [];
  const json = (p: string, value: unknown) => files.push({ path: p, from: { text: `${JSON.stringify(value, null, 2)}\n` } });

  const packaged: PackageSession[] = sessions.map((s) => {
    const dir = `sessions/${uuidOf(s.ocd_id)}`;
    const agenda = db.prepare('SELECT id, number, title, description, presenter FROM agenda_items WHERE session_id = ? ORDER BY position').all(s.id) as {
      id: number;
      number: string;
      title: string;
      description: string;
      presenter: string;
    }[];
    const indexOf = (agendaItemId: number | null) => (agendaItemId === null ? null : agenda.findIndex((a) => a.id === agendaItemId));
    const decisions = db.prepare('SELECT * FROM decisions WHERE session_id = ? ORDER BY id').all(s.id) as {
      id: number;
      ocd_id: string;
      vote_ocd_id: string;
      agenda_item_id: number | null;
      number: string;
      title: string;
      text: string;
      outcome: 'adopted' | 'rejected' | 'postponed';
      created_at: string | null;
    }[];
    const documents = db.prepare('SELECT * FROM documents WHERE session_id = ? ORDER BY id').all(s.id) as {
      agenda_item_id: number | null;
      title: string;
      file_path: string;
      mime: string;
      kind: 'document' | 'minutes';
      sha256: string;
    }[];
    const docs = documents.map((d, i) => {
      const file = `${dir}/documents/${documentFileName(i, d.title, path.extname(d.file_path).slice(1))}`;
      files.push({ path: file, from: { file: path.join(deps.documentsDir, d.file_path) } });
      return { file, title: d.title, mime: d.mime, kind: d.kind, sha256: d.sha256, agendaIndex: indexOf(d.agenda_item_id) };
    });
    return {
      ocdId: s.ocd_id,
      kind: s.kind,
      title: s.title,
      startsAt: s.starts_at,
      location: s.location,
      status: s.status,
      visibility: s.visibility,
      agenda: agenda.map((a) => ({ number: a.number, title: a.title, description: a.description, presenter: a.presenter })),
      decisions: decisions.map((d) => ({
        ocdId: d.ocd_id,
        voteOcdId: d.vote_ocd_id,
        number: d.number,
        title: d.title,
        text: d.text,
        outcome: d.outcome,
        createdAt: d.created_at,
        agendaIndex: indexOf(d.agenda_item_id),
        votes: (db.prepare('SELECT member_id, choice FROM votes WHERE decision_id = ? ORDER BY member_id').all(d.id) as { member_id: number; choice: 'for' }[]).map((v) => ({
          person: personOf.get(v.member_id)!,
          choice: v.choice,
        })),
      })),
      documents: docs,
      recording: recordingOf(db, deps.store, s.id, dir, agenda, files),
    };
  });

  const pkg: ArchivePackage = {
    format: packageFormat,
    version: 1,
    exportedAt: new Date().toISOString(),
    organization: { ocdId: body.ocd_id, slug: body.slug, kind: body.kind, name: { hy: body.name_hy, en: body.name_en, ru: body.name_ru } },
    people: members.map((m) => ({ ocdId: m.ocd_id, name: m.name, role: m.role, termStart: m.term_start, termEnd: m.term_end })),
    sessions: packaged,
  };
  json(packageFile, pkg);
  // The same record as Open Civic Data, for archives that read that and not Nist.
  json('open/organization.json', organization(open.organizations({ page: 1, perPage: 1_000_000 }).rows.find((o) => o.id === body.id)!, req.site));
  json('open/people.json', open.people(filter, { page: 1, perPage: 1_000_000 }).rows.map(person));
  for (const e of open.events(filter, null).rows) {
    const dir = `sessions/${uuidOf(e.ocd_id)}`;
    const decisions = open.decisions({}, null, { sessionIds: [e.id] }).rows;
    const votes = open.votesOf(decisions.map((d) => d.id));
    const parts = { agenda: open.agendaOf([e.id]), decisions, documents: open.documentsOf([e.id]), captions: open.captionsOf([e.id]) };
    json(`${dir}/event.json`, event(e, parts, req.site));
    json(`${dir}/bills.json`, decisions.map((d) => bill(d, req.site)));
    json(`${dir}/votes.json`, decisions.filter((d) => votes.some((v) => v.decision_id === d.id)).map((d) => voteEvent(d, votes.filter((v) => v.decision_id === d.id), req.site)));
  }
  const written = await writeBag(
    req.out,
    files,
    {
      'Source-Organization': body.name_en,
      'External-Identifier': body.ocd_id,
      'External-Description': `Nist archive package: ${sessions.length} session(s) of ${body.name_en} (${body.slug})${req.from || req.to ? `, ${req.from ?? '…'} to ${req.to ?? '…'}` : ''}.`,
      'Bag-Software-Agent': 'Nist (npm run export)',
    },
    onProgress,
  );
  return { out: req.out, sessions: sessions.length, ...written };
}

/** The session's last ready recording and its files, as the recording store keeps them. */
function recordingOf(db: Db, store: RecordingStore, sessionId: number, dir: string, agenda: { id: number }[], files: PayloadFile[]): PackageSession['recording'] {
  const rec = db.prepare("SELECT * FROM recordings WHERE session_id = ? AND status = 'ready' ORDER BY id DESC LIMIT 1").get(sessionId) as
    | { id: number; hls_path: string; poster_path: string | null; duration_s: number | null; started_at: string }
    | undefined;
  if (!rec) return null;
  const root = `${sessionId}/`;
  const local = (p: string) => (p.startsWith(root) ? p.slice(root.length) : p);
  const folder = `${dir}/recording`;
  const listed = filesUnder(store.sessionDir(sessionId as never));
  for (const f of listed) files.push({ path: `${folder}/${f}`, from: { file: store.path(`${root}${f}`) } });
  const renditions = db.prepare('SELECT height, bandwidth, playlist_path FROM renditions WHERE recording_id = ? ORDER BY height DESC').all(rec.id) as { height: number; bandwidth: number; playlist_path: string }[];
  const captions = db.prepare('SELECT lang, vtt_path FROM captions WHERE recording_id = ? ORDER BY lang').all(rec.id) as { lang: 'hy'; vtt_path: string }[];
  const chapters = db.prepare('SELECT agenda_item_id, start_s FROM chapters WHERE recording_id = ? ORDER BY start_s').all(rec.id) as { agenda_item_id: number; start_s: number }[];
  return {
    folder,
    files: listed,
    hls: local(rec.hls_path),
    poster: rec.poster_path ? local(rec.poster_path) : null,
    durationSec: rec.duration_s,
    startedAt: rec.started_at,
    renditions: renditions.map((r) => ({ height: r.height, bandwidth: r.bandwidth, playlist: local(r.playlist_path) })),
    captions: captions.map((c) => ({ lang: c.lang, file: local(c.vtt_path) })),
    chapters: chapters.map((c) => ({ agendaIndex: agenda.findIndex((a) => a.id === c.agenda_item_id), startSec: c.start_s })).filter((c) => c.agendaIndex >= 0),
  };
}
