import path from 'node:path';
import type { Db } from '../core/database.js';
import type { RecordingStore } from '../recording/recording-store.js';
import { documentFileName, filesUnder, packageFile, packageFormat, uuidOf, type ArchivePackage, type PackageSession } from './archive-package.js';
import { writeBag, type PayloadFile } from './bagit.js';
import { bill, event, organization, person, voteEvent } from './open-data.js';
import { OpenDataRepository, type DecisionRow } from './open.repository.js';

export type ExportRequest = { bodySlug: string; from?: string; to?: string; out: string; site: string };
export type ExportResult = { out: string; sessions: number; files: number; bytes: number };

/**
 * Writes one body's sessions (all of them, private ones too: an archive package is the archivist's copy, and
 * keeps each session's visibility) as a BagIt package. The record is read once per session through the
 * open-data repository and written twice: as the package Nist imports and as Open Civic Data. Recording files
 * are read through the recording store.
 */
export async function exportBody(db: Db, deps: { store: RecordingStore; documentsDir: string }, req: ExportRequest, onProgress?: (done: number, total: number) => void): Promise<ExportResult> {
  const open = new OpenDataRepository(db, { includePrivate: true });
  const body = open.organization(req.bodySlug);
  if (!body) throw new Error(`There is no body with the slug ${req.bodySlug}.`);
  const filter = { organization: body.ocd_id, from: req.from, to: req.to };
  // Oldest first, so an import creates the sessions in the order they were held.
  const sessions = open.events(filter, null).rows.reverse();
  const people = open.people(filter, null).rows;
  const files: PayloadFile[] = [];
  const json = (p: string, value: unknown) => files.push({ path: p, from: { text: `${JSON.stringify(value, null, 2)}\n` } });

  const packaged: PackageSession[] = sessions.map((s) => {
    const dir = `sessions/${uuidOf(s.ocd_id)}`;
    const agenda = open.agendaOf([s.id]);
    const decisions = open.decisions({}, null, { sessionIds: [s.id] }).rows;
    const votes = open.votesOf(decisions.map((d) => d.id));
    const documents = open.documentsOf([s.id]);
    const votesOf = (d: DecisionRow) => votes.filter((v) => v.decision_id === d.id);
    json(`${dir}/event.json`, event(s, { agenda, decisions, documents, captions: open.captionsOf([s.id]) }, req.site));
    json(`${dir}/bills.json`, decisions.map((d) => bill(d, req.site)));
    json(`${dir}/votes.json`, decisions.filter((d) => votesOf(d).length).map((d) => voteEvent(d, votesOf(d), req.site)));

    const indexOf = (agendaItemId: number | null) => (agendaItemId === null ? null : agenda.findIndex((a) => a.id === agendaItemId));
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
        votes: votesOf(d).map((v) => ({ person: v.member_ocd_id, choice: v.choice })),
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
    people: people.map((m) => ({ ocdId: m.ocd_id, name: m.name, role: m.role, termStart: m.term_start, termEnd: m.term_end })),
    sessions: packaged,
  };
  json(packageFile, pkg);
  // The same record as Open Civic Data, for archives that read that and not Nist.
  json('open/organization.json', organization(body, req.site));
  json('open/people.json', people.map(person));
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
