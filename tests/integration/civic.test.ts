import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { oleHeader, tinyDocx, tinyPdf, zip } from '../helpers/documents.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok, request } from '../helpers/signaling.js';

let server: TestServer;
let clerk: Login;
let operator: Login;
let staff: Login;
const { open } = withServer(async (s) => {
  server = s;
  [clerk, operator, staff] = await Promise.all([login(s, 'clerk'), login(s, 'operator'), login(s, 'staff')]);
});

const members = (bodySlug = 'ashtarak-council') =>
  queryServerDb<{ id: number; name: string }>(server.dataDir, 'SELECT m.id, m.name FROM members m JOIN bodies b ON b.id = m.body_id WHERE b.slug = ? ORDER BY m.id', bodySlug);

async function sessionWithAgenda(titles = ['Բյուջեի կատարողական', 'Այլ հարցեր']) {
  const id = addSession(server);
  const items: { id: number }[] = [];
  for (const [i, title] of titles.entries()) {
    items.push((await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/agenda`, { number: String(i + 1), title })).body);
  }
  return { id, items };
}

function upload(auth: Login | null, path: string, body: Buffer, contentType: string) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (auth) Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken });
  return fetch(server.url + path, { method: "PUT", headers, body: new Uint8Array(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}

describe('decisions and roll-call votes', () => {
  it('records a decision whose votes add up to the members, and viewers see it and every vote as entered', async () => {
    const { id, items } = await sessionWithAgenda();
    const [r1, r2] = [await open(), await open()];
    await ok(r1, 'session:watch', { sessionId: id });
    await ok(r2, 'session:watch', { sessionId: id });
    const roll = members();
    const choices = ['for', 'for', 'for', 'against', 'abstain', 'absent', 'for'] as const;
    const seen = [nextEvent(r1, 'decision:recorded'), nextEvent(r2, 'decision:recorded')];
    const res = await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/decisions`, {
      number: '52-Ն',
      title: 'Բյուջեի կատարողականի հաստատում',
      outcome: 'adopted',
      agendaItemId: items[0]!.id,
      votes: roll.map((m, i) => ({ memberId: m.id, choice: choices[i] })),
    });
    expect(res.status).toBe(201);
    const { votes } = res.body;
    expect(votes).toEqual({ for: 4, against: 1, abstain: 1, absent: 1 });
    expect(votes.for + votes.against + votes.abstain + votes.absent).toBe(roll.length);
    expect(votes.for + votes.against + votes.abstain).toBe(roll.length - votes.absent);
    for (const e of await Promise.all(seen)) expect(e).toEqual({ sessionId: id, decision: res.body });

    const changed = nextEvent(r2, 'decision:recorded', (e) => e.decision.votes.absent === 0);
    const vote = await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${res.body.id}/votes/${roll[5]!.id}`, { choice: 'for' });
    expect(vote.body.votes).toEqual({ for: 5, against: 1, abstain: 1, absent: 0 });
    expect((await changed).decision.rollCall.find((v: { memberId: number }) => v.memberId === roll[5]!.id)).toMatchObject({ choice: 'for', name: roll[5]!.name });

    const pub = await call(server.url, null, 'GET', `/api/sessions/${id}`);
    expect(pub.body.decisions[0]).toMatchObject({ number: '52-Ն', votes: { for: 5, against: 1, abstain: 1, absent: 0 } });
    expect(pub.body.decisions[0].rollCall).toHaveLength(roll.length);
    expect(queryServerDb(server.dataDir, "SELECT * FROM audit_log WHERE action IN ('decision.record', 'decision.vote') AND target = ?", `decision:${res.body.id}`)).toHaveLength(2);
  });

  it('builds a roll call vote by vote, then replaces it whole', async () => {
    const { id } = await sessionWithAgenda();
    const roll = members();
    const d = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/decisions`, { number: '1', title: 'Ա', outcome: 'postponed' })).body;
    expect(d.votes).toEqual({ for: 0, against: 0, abstain: 0, absent: 0 });
    await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${d.id}/votes/${roll[0]!.id}`, { choice: 'against' });
    const whole = await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${d.id}/votes`, { votes: roll.map((m) => ({ memberId: m.id, choice: 'for' })) });
    expect(whole.body.votes).toEqual({ for: roll.length, against: 0, abstain: 0, absent: 0 });
    const removed = await open();
    await ok(removed, 'session:watch', { sessionId: id });
    const gone = nextEvent(removed, 'decision:removed');
    expect((await call(server.url, clerk, 'DELETE', `/api/clerk/decisions/${d.id}`)).status).toBe(204);
    expect(await gone).toEqual({ sessionId: id, decisionId: d.id });
  });

  const decisionCases: [string, () => Login | null, () => string, () => unknown, number][] = [
    ['missing member', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted', votes: members().slice(1).map((m) => ({ memberId: m.id, choice: 'for' })) }), 400],
    ['member of another body', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted', votes: [...members().map((m) => ({ memberId: m.id, choice: 'for' })), { memberId: 99999, choice: 'for' }] }), 400],
    ['member twice', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted', votes: [{ memberId: members()[0]!.id, choice: 'for' }, { memberId: members()[0]!.id, choice: 'against' }] }), 400],
    ['unknown choice', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted', votes: [{ memberId: members()[0]!.id, choice: 'maybe' }] }), 400],
    ['unknown outcome', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'vetoed' }), 400],
    ['foreign agenda item', () => clerk, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted', agendaItemId: 1 }), 400],
    ['no title', () => clerk, () => 'S/decisions', () => ({ number: '1', outcome: 'adopted' }), 400],
    ['operator may not record', () => operator, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted' }), 403],
    ['resident', () => null, () => 'S/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted' }), 401],
    ['unknown session', () => clerk, () => '/api/clerk/sessions/99999/decisions', () => ({ number: '1', title: 'Ա', outcome: 'adopted' }), 404],
  ];
  it.each(decisionCases)('refuses a decision: %s, writing nothing', async (_n, auth, path, body, status) => {
    const { id } = await sessionWithAgenda();
    const before = [countRows(server.dataDir, 'decisions'), countRows(server.dataDir, 'votes')];
    const res = await call(server.url, auth(), 'POST', path().replace('S/', `/api/clerk/sessions/${id}/`), body());
    expect(res.status).toBe(status);
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect([countRows(server.dataDir, 'decisions'), countRows(server.dataDir, 'votes')]).toEqual(before);
  });

  it('refuses a vote of someone not on the roll', async () => {
    const { id } = await sessionWithAgenda();
    const d = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/decisions`, { number: '1', title: 'Ա', outcome: 'adopted' })).body;
    const res = await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${d.id}/votes/99999`, { choice: 'for' });
    expect(res.status).toBe(400);
    expect((await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${d.id}/votes/${members()[0]!.id}`, { choice: 'yes' })).status).toBe(400);
    expect((await call(server.url, clerk, 'PUT', `/api/clerk/decisions/abc/votes/1`, { choice: 'for' })).status).toBe(400);
  });
});

describe('live agenda marking', () => {
  it('marks the item under discussion; viewers see it at once and late joiners find it on the page', async () => {
    const { id, items } = await sessionWithAgenda();
    const op = await open(operator);
    const [r1, r2] = [await open(), await open()];
    await ok(r1, 'session:watch', { sessionId: id });
    await ok(r2, 'session:watch', { sessionId: id });
    const early = await request(op, 'agenda:activate', { sessionId: id, agendaItemId: items[0]!.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ok(op, 'session:go-live', { sessionId: id });

    const seen = [nextEvent(r1, 'agenda:activated'), nextEvent(r2, 'agenda:activated')];
    const ack = await request(op, 'agenda:activate', { sessionId: id, agendaItemId: items[1]!.id });
    expect(ack).toEqual({ ok: true, data: { sessionId: id, agendaItemId: items[1]!.id, startSec: null } });
    for (const e of await Promise.all(seen)) expect(e).toEqual({ sessionId: id, agendaItemId: items[1]!.id, startSec: null });
    expect((await call(server.url, null, 'GET', `/api/sessions/${id}`)).body.currentAgendaItemId).toBe(items[1]!.id);
    expect(queryServerDb(server.dataDir, "SELECT * FROM audit_log WHERE action = 'agenda.activate' AND target = ?", `session:${id}`)).toHaveLength(1);
  });

  const activateCases: [string, () => Login | undefined, (s: { id: number; items: { id: number }[] }) => unknown, string][] = [
    ['no payload', () => operator, () => undefined, 'validation_failed'],
    ['string id', () => operator, (s) => ({ sessionId: String(s.id) + 'x', agendaItemId: s.items[0]!.id }), 'validation_failed'],
    ['missing item', () => operator, (s) => ({ sessionId: s.id }), 'validation_failed'],
    ['negative item', () => operator, (s) => ({ sessionId: s.id, agendaItemId: -1 }), 'validation_failed'],
    ['extra field', () => operator, (s) => ({ sessionId: s.id, agendaItemId: s.items[0]!.id, startSec: 3 }), 'validation_failed'],
    ['array', () => operator, () => [1, 2], 'validation_failed'],
    ['foreign item', () => operator, (s) => ({ sessionId: s.id, agendaItemId: 1 }), 'validation_failed'],
    ['unknown session', () => operator, () => ({ sessionId: 999999, agendaItemId: 1 }), 'not_found'],
    ['resident', () => undefined, (s) => ({ sessionId: s.id, agendaItemId: s.items[0]!.id }), 'unauthorized'],
    ['staff role', () => staff, (s) => ({ sessionId: s.id, agendaItemId: s.items[0]!.id }), 'forbidden'],
  ];
  it.each(activateCases)('refuses agenda:activate with %s (error ack, nothing written)', async (_n, auth, payload, code) => {
    const s = await sessionWithAgenda();
    const op = await open(operator);
    await ok(op, 'session:go-live', { sessionId: s.id });
    const socket = await open(auth());
    const before = countRows(server.dataDir, 'audit_log');
    const p = payload(s);
    const ack = p === undefined ? await request(socket, 'agenda:activate') : await request(socket, 'agenda:activate', p);
    expect(ack).toMatchObject({ ok: false, error: { code } });
    expect(countRows(server.dataDir, 'audit_log')).toBe(before);
    expect(queryServerDb(server.dataDir, 'SELECT current_agenda_item_id AS c FROM sessions WHERE id = ?', s.id)).toEqual([{ c: null }]);
  });
});

describe('documents', () => {
  it('stores PDF and office files by checksum, typed by content, and serves them', async () => {
    const { id } = await sessionWithAgenda();
    const pdf = tinyPdf('decision 52');
    const res = await upload(clerk, `/api/clerk/sessions/${id}/documents?title=${encodeURIComponent('Որոշման նախագիծ')}`, pdf, 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'application/pdf', bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), kind: 'document' });
    const docx = await upload(clerk, `/api/clerk/sessions/${id}/documents?title=Minutes&kind=minutes`, tinyDocx(), 'application/pdf');
    expect(docx.body).toMatchObject({ kind: 'minutes', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const doc = await upload(clerk, `/api/clerk/sessions/${id}/documents?title=Old`, oleHeader(), 'application/vnd.ms-excel');
    expect(doc.body.mime).toBe('application/vnd.ms-excel');

    const file = await fetch(`${server.url}/api/documents/${res.body.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    const pub = await call(server.url, null, 'GET', `/api/sessions/${id}`);
    expect(pub.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['document', 'document', 'minutes']);
  });

  it('serves documents of private meetings only to their staff', async () => {
    const meeting = addSession(server, { kind: 'meeting' });
    const res = await upload(clerk, `/api/clerk/sessions/${meeting}/documents?title=Secret`, tinyPdf('secret'), 'application/pdf');
    expect(res.status).toBe(201);
    expect((await fetch(`${server.url}/api/documents/${res.body.id}`)).status).toBe(404);
    const asStaff = await fetch(`${server.url}/api/documents/${res.body.id}`, { headers: { cookie: staff.cookie } });
    expect(asStaff.status).toBe(200);
    expect(asStaff.headers.get('cache-control')).toContain('no-store');
  });

  const badUploads: [string, () => Login | null, () => Buffer, string, string, number][] = [
    ['an executable', () => clerk, () => Buffer.from('MZ\x90\x00 this is not a document'), 'application/pdf', 'title=X', 415],
    ['HTML pretending to be PDF', () => clerk, () => Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf', 'title=X', 415],
    ['a plain ZIP', () => clerk, () => zip({ 'a.txt': 'hello' }), 'application/zip', 'title=X', 415],
    ['an empty body', () => clerk, () => Buffer.alloc(0), 'application/pdf', 'title=X', 400],
    ['no title', () => clerk, () => tinyPdf(), 'application/pdf', '', 400],
    ['unknown kind', () => clerk, () => tinyPdf(), 'application/pdf', 'title=X&kind=secret', 400],
    ['foreign agenda item', () => clerk, () => tinyPdf(), 'application/pdf', 'title=X&agendaItemId=1', 400],
    ['too large', () => clerk, () => Buffer.concat([tinyPdf(), Buffer.alloc(26 * 1024 * 1024)]), 'application/pdf', 'title=X', 413],
    ['no login', () => null, () => tinyPdf(), 'application/pdf', 'title=X', 401],
    ['operator', () => operator, () => tinyPdf(), 'application/pdf', 'title=X', 403],
  ];
  it.each(badUploads)('refuses %s (nothing stored)', async (_n, auth, body, type, query, status) => {
    const { id } = await sessionWithAgenda();
    const before = countRows(server.dataDir, 'documents');
    const res = await upload(auth(), `/api/clerk/sessions/${id}/documents?${query}`, body(), type);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(countRows(server.dataDir, 'documents')).toBe(before);
  });
});

describe('search', () => {
  it('finds inflected Armenian words by prefix and links to the session', async () => {
    const res = await call(server.url, null, 'GET', `/api/search?limit=100&q=${encodeURIComponent('բյուջե')}`);
    expect(res.status).toBe(200);
    const agenda = res.body.items.find((h: { title: string }) => h.title.includes('բյուջեի'));
    expect(agenda).toMatchObject({ kind: 'agenda', sessionId: expect.any(Number) });
    expect(agenda.snippet).toContain('<mark>');
  });

  it.each([['', 400], ['q=' + 'ա'.repeat(300), 400], ['q=x&limit=1000', 400], ['q=x&lang=de', 400], ['q=x&extra=1', 400], ['q=%22%29%20OR%20*', 200]])('GET /api/search?%s → %i', async (query, status) => {
    expect((await call(server.url, null, 'GET', `/api/search?${query}`)).status).toBe(status);
  });
});
