import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../../../server/civic/civic-access.js';
import { CivicEvents } from '../../../../server/civic/civic-events.js';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import { DecisionsService } from '../../../../server/civic/decisions.service.js';
import { AuditLog } from '../../../../server/accounts/audit-log.js';
import { DomainError } from '../../../../server/core/errors.js';
import type { AccountId, SessionId } from '../../../../server/core/ids.js';
import { openDatabase } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

let repos: Repositories;
let decisions: DecisionsService;
let sessionId: SessionId;
const events = new CivicEvents();
const clerk: Staff = { kind: 'account', accountId: 1 as AccountId, username: 'c', grants: [{ role: 'clerk', bodyId: null }] };
const seen: unknown[] = [];

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-decisions-'));
  repos = createRepositories(openDatabase(path.join(dir, 'nist.db')));
  repos.db.prepare("INSERT INTO accounts (id, username, password_hash) VALUES (1, 'c', 'x')").run();
  const catalog = new CatalogService(repos);
  const body = catalog.createBody({ slug: 'vanadzor', kind: 'council', name: { hy: 'Վ', en: 'V', ru: 'В' } });
  // 23:30 UTC on 31 Dec is already 1 January in Yerevan: the roll is taken on the Yerevan date.
  sessionId = catalog.createSession({ bodyId: body.id, kind: 'council', title: 'Նիստ', startsAt: '2025-12-31T23:30:00.000Z', location: '', visibility: 'public', createdBy: null }).id;
  catalog.addMember({ bodyId: body.id, name: 'Ա', role: 'member', termStart: '2021-01-01', termEnd: '2025-12-31' }); // term over
  catalog.addMember({ bodyId: body.id, name: 'Բ', role: 'member', termStart: '2026-01-01', termEnd: null }); // from that day
  catalog.addMember({ bodyId: body.id, name: 'Գ', role: 'chair', termStart: null, termEnd: null });
  decisions = new DecisionsService(repos, events, new AuditLog(repos.audit));
  events.on('decisionRecorded', (e) => seen.push(e));
});

describe('roll-call votes', () => {
  it('takes the roll from the members in office on the session’s Yerevan date', () => {
    const session = repos.sessions.get(sessionId)!;
    expect(decisions.rollOf(session).map((m) => m.name)).toEqual(['Բ', 'Գ']);
  });

  it('refuses a vote from a member whose term is over, and an incomplete roll call', () => {
    const [former] = repos.members.listByBody(repos.sessions.get(sessionId)!.bodyId).filter((m) => m.name === 'Ա');
    const roll = decisions.rollOf(repos.sessions.get(sessionId)!);
    const record = (votes: { memberId: number; choice: 'for' }[]) => () =>
      decisions.create(clerk, sessionId, { number: '1', title: 'Ա', text: '', outcome: 'adopted', agendaItemId: null, votes });
    expect(record([...roll.map((m) => ({ memberId: m.id, choice: 'for' as const })), { memberId: former!.id, choice: 'for' }])).toThrow(DomainError);
    expect(record([{ memberId: roll[0]!.id, choice: 'for' }])).toThrow(/every member in office \(2\)/);
    expect(repos.decisions.listBySession(sessionId)).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('tallies a complete roll call so the votes add up to the members, and announces it', () => {
    const roll = decisions.rollOf(repos.sessions.get(sessionId)!);
    const d = decisions.create(clerk, sessionId, {
      number: '2', title: 'Բ', text: '', outcome: 'rejected', agendaItemId: null,
      votes: [{ memberId: roll[0]!.id, choice: 'against' }, { memberId: roll[1]!.id, choice: 'absent' }],
    });
    expect(d.votes).toEqual({ for: 0, against: 1, abstain: 0, absent: 1 });
    expect(Object.values(d.votes).reduce((a, b) => a + b, 0)).toBe(roll.length);
    expect(seen).toEqual([{ sessionId, decision: d }]);
  });
});
