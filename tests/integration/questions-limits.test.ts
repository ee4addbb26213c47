import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../helpers/db.js';
import { ask, newClientId } from '../helpers/questions.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';

let server: TestServer;
beforeAll(async () => {
  // Per browser as shipped (3 a minute); per address lowered so the test reaches it quickly.
  server = await startServer({ env: { QUESTIONS_PER_ADDRESS_PER_MINUTE: '7' } });
});
afterAll(async () => {
  await server?.stop();
});

const distinct = (i: number) => `Հարց համար ${i}. ${['բյուջե', 'դպրոց', 'ճանապարհ', 'ջուր', 'աղբ', 'այգի', 'լույս', 'կամուրջ', 'շուկա', 'հիվանդանոց'][i]} ${'ա'.repeat(i)}`;

describe('question rate limits', () => {
  it('allow three questions a minute per browser, then answer 429 with Retry-After', async () => {
    const sessionId = addSession(server);
    const browser = newClientId();
    for (let i = 0; i < 3; i++) expect((await ask(server, sessionId, { text: distinct(i) }, browser)).status).toBe(201);
    const before = countRows(server.dataDir, 'questions');
    const refused = await ask(server, sessionId, { text: distinct(3) }, browser);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(countRows(server.dataDir, 'questions')).toBe(before);
    // Another browser on the same address still may.
    expect((await ask(server, sessionId, { text: distinct(4) }, newClientId())).status).toBe(201);
  });

  it('limit one address whatever client ids it sends', async () => {
    const sessionId = addSession(server);
    // 4 sent above; 3 more reach the address limit of 7.
    for (let i = 5; i < 8; i++) expect((await ask(server, sessionId, { text: distinct(i) }, newClientId())).status).toBe(201);
    const refused = await ask(server, sessionId, { text: distinct(8) }, newClientId());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const noClientId = await ask(server, sessionId, { text: distinct(9) });
    expect(noClientId.status).toBe(429);
  });
});
