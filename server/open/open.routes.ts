import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { notFound } from '../core/errors.js';
import { parseInput } from '../core/http/validate.js';
import { bill, billsCsv, event, organization, person, voteEvent, votesCsv } from './open-data.js';
import { ocdUuidSchema, openCsvQuerySchema, openListQuerySchema, type OpenListQuery, type Pagination } from './open.contract.js';
import type { DecisionRow, EventRow, OpenDataRepository, OpenFilter } from './open.repository.js';

/**
 * /api/open: the public record as Open Civic Data — organizations, people, events (sessions with agenda, media
 * and documents), bills (decisions) and vote events (roll calls), paged; bills and votes also as CSV. Only
 * public sessions appear. Cached for a minute: it is a read-only mirror of what the site shows.
 */
export function openRouter(repo: OpenDataRepository, publicUrl: string | undefined): Router {
  const router = Router();
  const site = (req: Request) => (publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
  const list = (req: Request) => parseInput(openListQuerySchema, req.query, 'query');
  const filterOf = (q: Pick<OpenListQuery, 'organization' | 'from' | 'to'>): OpenFilter => ({ organization: q.organization, from: q.from, to: q.to });
  const paged = <T>(res: Response, q: OpenListQuery, total: number, results: T[]) => {
    const pagination: Pagination = { page: q.page, per_page: q.per_page, max_page: Math.max(1, Math.ceil(total / q.per_page)), total_items: total };
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json({ results, pagination });
  };
  const events = (req: Request, rows: EventRow[]) => {
    const ids = rows.map((r) => r.id);
    const [agenda, decisions, documents, captions] = [repo.agendaOf(ids), repo.decisions({}, null, { sessionIds: ids }).rows, repo.documentsOf(ids), repo.captionsOf(ids)];
    const of = <T extends { session_id: number }>(xs: T[], id: number) => xs.filter((x) => x.session_id === id);
    return rows.map((r) => event(r, { agenda: of(agenda, r.id), decisions: of(decisions, r.id), documents: of(documents, r.id), captions: of(captions, r.id) }, site(req)));
  };
  const voteEvents = (req: Request, rows: DecisionRow[]) => {
    const votes = repo.votesOf(rows.map((d) => d.id));
    return rows.map((d) => voteEvent(d, votes.filter((v) => v.decision_id === d.id), site(req)));
  };
  const one = <T>(res: Response, found: T | undefined, what: string, id: string) => {
    if (found === undefined) throw notFound(`There is no public ${what} ${id}.`);
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(found);
  };
  const sendCsv = (res: Response, name: string, body: string) => {
    res.type('text/csv; charset=utf-8; header=present').setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.send(body);
  };

  router.get('/', (req, res) => {
    parseInput(z.object({}).strict(), req.query, 'query');
    const base = `${site(req)}/api/open`;
    res.json({
      description: 'The public civic record in the shape of Open Civic Data; JSON Schemas in /api/openapi.yaml (components Ocd*).',
      organizations: `${base}/organizations`,
      people: `${base}/people`,
      events: `${base}/events`,
      bills: `${base}/bills`,
      votes: `${base}/votes`,
      csv: { bills: `${base}/bills.csv`, votes: `${base}/votes.csv` },
    });
  });
  router.get('/organizations', (req, res) => {
    const q = list(req);
    const { rows, total } = repo.organizations({ page: q.page, perPage: q.per_page });
    paged(res, q, total, rows.map((r) => organization(r, site(req))));
  });
  router.get('/people', (req, res) => {
    const q = list(req);
    const { rows, total } = repo.people(filterOf(q), { page: q.page, perPage: q.per_page });
    paged(res, q, total, rows.map(person));
  });
  router.get('/events', (req, res) => {
    const q = list(req);
    const { rows, total } = repo.events(filterOf(q), { page: q.page, perPage: q.per_page });
    paged(res, q, total, events(req, rows));
  });
  router.get('/events/:id', (req, res) => {
    const uuid = parseInput(ocdUuidSchema, req.params.id, 'event id');
    one(res, events(req, repo.events({}, null, `ocd-event/${uuid}`).rows)[0], 'event', req.params.id);
  });
  router.get('/bills.csv', (req, res) => {
    const q = parseInput(openCsvQuerySchema, req.query, 'query');
    const { rows } = repo.decisions(filterOf(q), null);
    sendCsv(res, 'bills.csv', billsCsv(rows, repo.votesOf(rows.map((d) => d.id))));
  });
  router.get('/bills', (req, res) => {
    const q = list(req);
    const { rows, total } = repo.decisions(filterOf(q), { page: q.page, perPage: q.per_page });
    paged(res, q, total, rows.map((d) => bill(d, site(req))));
  });
  router.get('/bills/:id', (req, res) => {
    const uuid = parseInput(ocdUuidSchema, req.params.id, 'bill id');
    const row = repo.decisions({}, null, { ocdId: `ocd-bill/${uuid}` }).rows[0];
    one(res, row && bill(row, site(req)), 'bill', req.params.id);
  });
  router.get('/votes.csv', (req, res) => {
    const q = parseInput(openCsvQuerySchema, req.query, 'query');
    const { rows } = repo.decisions(filterOf(q), null, { votedOnly: true });
    sendCsv(res, 'votes.csv', votesCsv(rows, repo.votesOf(rows.map((d) => d.id))));
  });
  router.get('/votes', (req, res) => {
    const q = list(req);
    const { rows, total } = repo.decisions(filterOf(q), { page: q.page, perPage: q.per_page }, { votedOnly: true });
    paged(res, q, total, voteEvents(req, rows));
  });
  router.get('/votes/:id', (req, res) => {
    const uuid = parseInput(ocdUuidSchema, req.params.id, 'vote id');
    const rows = repo.decisions({}, null, { ocdId: `ocd-vote/${uuid}`, votedOnly: true }).rows;
    one(res, voteEvents(req, rows)[0], 'vote event', req.params.id);
  });
  return router;
}
