import fs from 'node:fs';
import path from 'node:path';
import type { CatalogService } from '../civic/catalog.service.js';
import type { ChaptersService } from '../civic/chapters.service.js';
import { documentPath, writeDocumentOnce } from '../civic/documents.service.js';
import { describeIssues } from '../core/common.contract.js';
import type { AgendaItemId, BodyId, MemberId, RecordingId, SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { RecordingStore } from '../recording/recording-store.js';
import { parseWebVtt } from '../recording/webvtt.js';
import { trackOfPlaylist } from '../../media/recording/track-recorder.js';
import { packageFile, packageSchema, type ArchivePackage, type PackageSession } from './archive-package.js';
import { BagError, verifyBag } from './bagit.js';

export type PackageImportResult = {
  organization: { slug: string; created: boolean };
  people: { created: number; existing: number };
  imported: { ocdId: string; sessionId: number; title: string }[];
  /** Sessions the database already holds (same OCD id): left as they are. */
  skipped: { ocdId: string; sessionId: number; title: string }[];
};

type Deps = { repos: Repositories; catalog: CatalogService; chapters: ChaptersService; store: RecordingStore; documentsDir: string; log: Logger };

/** Sets the OCD id a package brings on a row the catalogue just made (the trigger gave it a new one). */
function adoptOcdId(repos: Repositories, table: 'bodies' | 'members' | 'sessions', id: number, ocdId: string): void {
  repos.db.prepare(`UPDATE ${table} SET ocd_id = ? WHERE id = ?`).run(ocdId, id);
}

/**
 * Brings an archive package into this Nist: the whole bag is checked first (every checksum; a mismatch names
 * the file and nothing is created), then the body and its members are found by OCD id or created, and each
 * session not already here is created with its agenda, decisions and roll calls, documents, recording
 * (files through the recording store), captions and chapters — one transaction per session, its recording
 * folder moved into place inside it. Sessions already here (same OCD id) are skipped and reported.
 */
export async function importPackage(dir: string, deps: Deps, onProgress?: (done: number, total: number) => void): Promise<PackageImportResult> {
  await verifyBag(dir);
  const data = (p: string) => path.join(dir, 'data', ...p.split('/'));
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(data(packageFile), 'utf8'));
  } catch (error) {
    throw new BagError(`data/${packageFile} is missing or not JSON (${(error as Error).message}): not a Nist archive package.`, `data/${packageFile}`);
  }
  const parsed = packageSchema.safeParse(raw);
  if (!parsed.success) throw new BagError(`data/${packageFile} is not a Nist archive package: ${describeIssues(parsed.error)}`, `data/${packageFile}`);
  const pkg = parsed.data;
  checkReferences(pkg, dir);

  const { repos, catalog } = deps;
  const org = pkg.organization;
  const byOcd = repos.db.prepare('SELECT id, slug FROM bodies WHERE ocd_id = ?').get(org.ocdId) as { id: number; slug: string } | undefined;
  let bodyId: BodyId;
  let bodyCreated = false;
  if (byOcd) bodyId = byOcd.id as BodyId;
  else {
    if (repos.bodies.getBySlug(org.slug)) throw new BagError(`This Nist has another body with the slug ${org.slug} (a different OCD id): rename one of them first.`);
    bodyId = repos.db.transaction(() => {
      const body = catalog.createBody({ slug: org.slug, kind: org.kind, name: org.name });
      adoptOcdId(repos, 'bodies', body.id, org.ocdId);
      return body.id;
    })();
    bodyCreated = true;
  }

  const memberOf = new Map<string, MemberId>();
  let peopleCreated = 0;
  repos.db.transaction(() => {
    for (const p of pkg.people) {
      const found = repos.db.prepare('SELECT id FROM members WHERE ocd_id = ?').pluck().get(p.ocdId) as number | undefined;
      if (found !== undefined) memberOf.set(p.ocdId, found as MemberId);
      else {
        const m = catalog.addMember({ bodyId, name: p.name, role: p.role, termStart: p.termStart, termEnd: p.termEnd });
        adoptOcdId(repos, 'members', m.id, p.ocdId);
        memberOf.set(p.ocdId, m.id);
        peopleCreated++;
      }
    }
  })();

  const result: PackageImportResult = {
    organization: { slug: byOcd?.slug ?? org.slug, created: bodyCreated },
    people: { created: peopleCreated, existing: pkg.people.length - peopleCreated },
    imported: [],
    skipped: [],
  };
  for (const [i, s] of pkg.sessions.entries()) {
    const existing = repos.db.prepare('SELECT id FROM sessions WHERE ocd_id = ?').pluck().get(s.ocdId) as number | undefined;
    if (existing !== undefined) result.skipped.push({ ocdId: s.ocdId, sessionId: existing, title: s.title });
    else result.imported.push({ ocdId: s.ocdId, sessionId: await importSession(s, bodyId, memberOf, data, deps), title: s.title });
    onProgress?.(i + 1, pkg.sessions.length);
  }
  deps.log.info({ dir, imported: result.imported.length, skipped: result.skipped.length }, 'archive package imported');
  return result;
}

/** Every file the package JSON names is in the bag (verifyBag checked each one's checksum). */
function checkReferences(pkg: ArchivePackage, dir: string): void {
  const need = (p: string) => {
    if (!fs.existsSync(path.join(dir, 'data', ...p.split('/')))) throw new BagError(`data/${packageFile} names data/${p}, which is not in the package.`, `data/${p}`);
  };
  const people = new Set(pkg.people.map((p) => p.ocdId));
  for (const s of pkg.sessions) {
    for (const d of s.documents) need(d.file);
    for (const d of s.decisions) for (const v of d.votes) if (!people.has(v.person)) throw new BagError(`Decision ${d.number} of "${s.title}" has a vote by ${v.person}, who is not among the package's people.`, `data/${packageFile}`);
    if (s.recording) for (const f of [s.recording.hls, ...s.recording.files]) need(`${s.recording.folder}/${f}`);
  }
}

async function importSession(s: PackageSession, bodyId: BodyId, memberOf: Map<string, MemberId>, data: (p: string) => string, deps: Deps): Promise<number> {
  const { repos, catalog, store } = deps;
  const staging = s.recording ? store.stage('package') : null;
  const newDocuments: string[] = [];
  try {
    if (staging && s.recording) {
      for (const f of s.recording.files) {
        const target = path.join(staging.dir, ...f.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(data(`${s.recording.folder}/${f}`), target);
      }
    }
    // Documents are kept by checksum, as uploads are; a file already there is shared.
    const documentPaths = s.documents.map((d) => {
      const rel = documentPath(d.sha256, path.extname(d.file).slice(1));
      if (writeDocumentOnce(deps.documentsDir, rel, fs.readFileSync(data(d.file)))) newDocuments.push(path.join(deps.documentsDir, rel));
      return rel;
    });
    let recording: { id: RecordingId; sessionId: SessionId } | null = null;
    const sessionId = repos.db.transaction(() => {
      const session = catalog.createSession({ bodyId, kind: s.kind, title: s.title, startsAt: s.startsAt, location: s.location, status: s.status, visibility: s.visibility, createdBy: null });
      adoptOcdId(repos, 'sessions', session.id, s.ocdId);
      const items = s.agenda.map((a) => catalog.addAgendaItem(session.id, a));
      const itemId = (index: number | null) => (index === null ? null : (items[index]?.id ?? null)) as AgendaItemId | null;
      for (const d of s.decisions) {
        const decision = repos.decisions.create({ sessionId: session.id, agendaItemId: itemId(d.agendaIndex), number: d.number, title: d.title, text: d.text, outcome: d.outcome });
        repos.db.prepare('UPDATE decisions SET ocd_id = ?, vote_ocd_id = ?, created_at = coalesce(?, created_at) WHERE id = ?').run(d.ocdId, d.voteOcdId, d.createdAt, decision.id);
        repos.decisions.setVotes(decision.id, d.votes.map((v) => ({ memberId: memberOf.get(v.person)!, choice: v.choice })));
        // Indexed as DecisionsService indexes decisions; its start comes with the chapters below.
        repos.search.upsert({ kind: 'decision', refId: decision.id, sessionId: session.id, title: `${decision.number} ${decision.title}` });
      }
      s.documents.forEach((d, i) => {
        const bytes = fs.statSync(data(d.file)).size;
        repos.documents.create({ sessionId: session.id, agendaItemId: itemId(d.agendaIndex), kind: d.kind, title: d.title, filePath: documentPaths[i]!, mime: d.mime, bytes, sha256: d.sha256 });
      });
      if (staging && s.recording) {
        const r = s.recording;
        const rel = (f: string) => store.relative(session.id, f);
        const created = repos.recordings.create({ sessionId: session.id, status: 'ready', durationSec: r.durationSec, startedAt: r.startedAt, hlsPath: rel(r.hls), posterPath: r.poster ? rel(r.poster) : null });
        repos.recordings.setRenditions(created.id, r.renditions.map((x) => ({ height: x.height, bandwidth: x.bandwidth, playlistPath: rel(x.playlist) })));
        for (const c of r.captions) {
          repos.captions.set(created.id, c.lang, rel(c.file));
          const cues = parseWebVtt(fs.readFileSync(data(`${r.folder}/${c.file}`), 'utf8'));
          repos.search.replaceCaptions(created.id, session.id, c.lang, cues.filter((cue) => cue.text));
        }
        // The interpreters' tracks came as their rendition folders (the master lists the interpretations already).
        for (const f of r.files) {
          const track = trackOfPlaylist(f);
          if (track) repos.recordingTracks.set(created.id, { kind: track.kind, lang: track.kind === 'interpretation' ? track.lang : null, path: rel(f), origin: 'attached' });
        }
        staging.commit(session.id);
        try {
          deps.chapters.replace(created.id, r.chapters.filter((c) => items[c.agendaIndex]).map((c) => ({ agendaItemId: items[c.agendaIndex]!.id, startSec: c.startSec })));
        } catch (error) {
          staging.uncommit(session.id);
          throw error;
        }
        recording = { id: created.id, sessionId: session.id };
      }
      return session.id;
    })();
    if (recording) store.keep(recording);
    return sessionId;
  } catch (error) {
    for (const f of newDocuments) fs.rmSync(f, { force: true });
    throw error;
  } finally {
    staging?.discard();
  }
}
