import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  // Two workers (the helper starts one): health must count every worker of the pool.
  server = await startServer({ env: { MEDIASOUP_WORKERS: '2' } });
});
afterAll(async () => {
  await server?.stop();
});

const get = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

describe('GET /api/health', () => {
  it('reports the workers alive, the ffmpeg version and the database', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.workers).toEqual({ size: 2, alive: 2, restarts: 0 });
    expect(body.ffmpeg.version).toMatch(/^\d+\.\d+/);
    expect(body.db).toMatchObject({ ok: true });
    expect(body.db.schemaVersion).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /api/sessions', () => {
  it('lists the public demo sessions with their body', async () => {
    const { status, body } = await get('/api/sessions');
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.items[0]).toMatchObject({
      body: { slug: 'ashtarak-council', name: 'Աշտարակի համայնքի ավագանի' },
      kind: 'council',
      recording: null,
    });
  });

  it('filters by status, body, year and text, and localises body names', async () => {
    const scheduled = await get('/api/sessions?status=scheduled&lang=en');
    expect(scheduled.body.items).toHaveLength(1);
    expect(scheduled.body.items[0].status).toBe('scheduled');
    expect(scheduled.body.items[0].body.name).toBe('Ashtarak Community Council');

    expect((await get('/api/sessions?body=nowhere')).body).toMatchObject({ items: [], total: 0 });
    const year = new Date(scheduled.body.items[0].startsAt).getUTCFullYear();
    expect((await get(`/api/sessions?year=${year + 5}`)).body.total).toBe(0);

    const q = await get(`/api/sessions?q=${encodeURIComponent('բյուջե')}`);
    expect(q.body.total).toBe(2); // both demo agendas mention the budget (բյուջեի, բյուջեում)
    const water = await get(`/api/sessions?q=${encodeURIComponent('ջրամատակարար')}`);
    expect(water.body.items.map((s: any) => s.status)).toEqual(['ended']);
  });

  it('pages through results', async () => {
    const page = await get('/api/sessions?pageSize=1&page=2');
    expect(page.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
  });

  it.each([
    ['status=bogus', 'status'],
    ['year=abc', 'year'],
    ['page=0', 'page'],
    ['pageSize=1000', 'pageSize'],
    ['lang=fr', 'lang'],
    ['body=<script>', 'body'],
    ['unknown=1', 'unknown'],
    ['status=live&status=ended', 'status'],
    [`q=${'ա'.repeat(300)}`, 'q'],
  ])('answers 400 with a clear message for ?%s', async (query, field) => {
    const { status, body } = await get(`/api/sessions?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain(field);
  });
});

describe('GET /api/sessions/:id', () => {
  it('returns a session with its agenda and decisions with vote tallies', async () => {
    const list = await get('/api/sessions?status=ended');
    const id = list.body.items[0].id;
    const { status, body } = await get(`/api/sessions/${id}`);
    expect(status).toBe(200);
    expect(body.agenda.map((a: any) => a.number)).toEqual(['1', '2']);
    // The demo recording (generated in the background) turns agenda items into chapters once it is ready.
    for (const item of body.agenda) expect(item.startSec === null || item.startSec >= 0).toBe(true);
    expect(body.decisions[0]).toMatchObject({ number: '47-Ն', outcome: 'adopted', votes: { for: 4, against: 1, abstain: 1 } });
    expect(body.questions).toEqual([]);
    expect(body.documents).toEqual([]);
    expect(body.captions).toEqual([]);
  });

  it.each([['999999', 404, 'not_found'], ['abc', 400, 'validation_failed'], ['-1', 400, 'validation_failed'], ['1.5', 400, 'validation_failed']])(
    'answers /api/sessions/%s with %i',
    async (id, code, errorCode) => {
      const { status, body } = await get(`/api/sessions/${id}`);
      expect(status).toBe(code);
      expect(body.error.code).toBe(errorCode);
      expect(typeof body.error.message).toBe('string');
    },
  );
});

describe('errors', () => {
  it('answers unknown API routes with a JSON 404', async () => {
    const { status, body } = await get('/api/nothing/here');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: 'There is nothing at GET /api/nothing/here.' } });
  });

  it('answers a malformed JSON body with a JSON 400 and no stack trace', async () => {
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "unterminated',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers an oversized body with 413', async () => {
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('payload_too_large');
  });

  it('refuses path traversal out of the recordings folder', async () => {
    const res = await fetch(`${server.url}/recordings/..%2f..%2fetc%2fpasswd`);
    expect([400, 403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('root:');
  });

  it('keeps serving after bad requests', async () => {
    expect((await get('/api/health')).status).toBe(200);
  });
});

describe('web app', () => {
  it('serves the built app at / and for client routes', async () => {
    for (const path of ['/', '/sessions/1', '/archive?q=x']) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<div id="app"');
    }
  });
});

describe('GET /api/bodies', () => {
  it('lists bodies with localised names and the years that have public sessions', async () => {
    const { status, body } = await get('/api/bodies?lang=ru');
    expect(status).toBe(200);
    expect(body.items.map((b: any) => b.slug).sort()).toEqual(['ashtarak-council', 'ashtarak-library']);
    expect(body.items.find((b: any) => b.slug === 'ashtarak-council')).toMatchObject({ name: 'Совет общины Аштарак', kind: 'council' });
    expect(body.years.length).toBeGreaterThanOrEqual(1);
    expect(body.years.every((y: unknown) => Number.isInteger(y))).toBe(true);
  });

  it('rejects an unknown language', async () => {
    expect((await get('/api/bodies?lang=de')).status).toBe(400);
  });
});
