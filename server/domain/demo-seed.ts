import type { Repositories } from '../storage/repositories.js';
import type { AccountsService } from './accounts.service.js';
import { roles } from './authorization.js';
import type { CatalogService } from './catalog.service.js';
import { queueDemoRecording } from './demo-recording.job.js';
import type { SessionId } from './ids.js';

export type DemoContent = {
  councilSlug: string;
  scheduledSessionId: SessionId;
  endedSessionId: SessionId;
  meetingSessionId: SessionId;
  accounts: { username: string; password: string }[];
};

/** Demo-only passwords, listed in the README; a real installation starts with DEMO_CONTENT=false. */
export const demoPassword = (username: string) => `demo-${username}-2026`;

const day = 24 * 60 * 60 * 1000;

/** Local 11:00 in Yerevan (UTC+4) on the day `offsetDays` from `now`, as an ISO string. */
function sessionTime(now: Date, offsetDays: number): string {
  const d = new Date(now.getTime() + offsetDays * day);
  d.setUTCHours(7, 0, 0, 0);
  return d.toISOString();
}

/** Seeds a demo council and one account per role into an empty database; does nothing if any body exists. */
export async function seedDemoContent(
  repos: Repositories,
  catalog: CatalogService,
  accounts: AccountsService,
  now = new Date(),
): Promise<DemoContent | null> {
  if (repos.bodies.list().length > 0) return null;
  const content = seedCatalog(repos, catalog, now);
  // The ended session gets a short generated recording with its agenda as chapters (made in the job queue).
  queueDemoRecording(repos, content.endedSessionId, repos.sessions.get(content.endedSessionId)!.startsAt);
  // Search hits of its agenda then play from their chapters.
  for (const item of repos.agenda.listBySession(content.endedSessionId)) catalog.indexAgendaItem(item);
  const created: DemoContent['accounts'] = [];
  for (const role of roles) {
    const password = demoPassword(role);
    await accounts.create(
      { kind: 'system' },
      {
        username: role,
        displayName: `Demo ${role}`,
        password,
        grants: [{ role, bodyId: role === 'admin' ? null : content.councilId }],
      },
    );
    created.push({ username: role, password });
  }
  const { councilId: _councilId, ...rest } = content;
  return { ...rest, accounts: created };
}

function seedCatalog(repos: Repositories, catalog: CatalogService, now: Date) {
  return repos.db.transaction(() => {
    const council = catalog.createBody({
      slug: 'ashtarak-council',
      kind: 'council',
      name: { hy: 'Աշտարակի համայնքի ավագանի', en: 'Ashtarak Community Council', ru: 'Совет общины Аштарак' },
    });
    catalog.createBody({
      slug: 'ashtarak-library',
      kind: 'institution',
      name: { hy: 'Աշտարակի կենտրոնական գրադարան', en: 'Ashtarak Central Library', ru: 'Центральная библиотека Аштарака' },
    });
    const members = [
      ['Անի Սարգսյան', 'chair'],
      ['Արմեն Պետրոսյան', 'member'],
      ['Գայանե Հակոբյան', 'member'],
      ['Դավիթ Մկրտչյան', 'member'],
      ['Լիլիթ Գրիգորյան', 'member'],
      ['Սուրեն Ավետիսյան', 'member'],
      ['Նարինե Վարդանյան', 'member'],
    ] as const;
    const memberIds = members.map(
      ([name, role]) =>
        catalog.addMember({ bodyId: council.id, name, role, termStart: '2024-10-01', termEnd: '2029-10-01' }).id,
    );

    const scheduled = catalog.createSession({
      bodyId: council.id,
      kind: 'council',
      title: 'Ավագանու հերթական նիստ',
      startsAt: sessionTime(now, 7),
      location: 'Աշտարակի համայնքապետարան, նիստերի դահլիճ',
      visibility: 'public',
      createdBy: null,
    });
    const scheduledAgenda = [
      ['1', 'Համայնքի 2027 թվականի բյուջեի նախագծի քննարկում', 'Ֆինանսական բաժնի պետ'],
      ['2', 'Կենտրոնական զբոսայգու վերանորոգման ծրագիր', 'Քաղաքաշինության բաժին'],
      ['3', 'Դպրոցական տրանսպորտի նոր երթուղիներ', 'Կրթության բաժին'],
      ['4', 'Բնակիչների հարցեր', ''],
    ] as const;
    for (const [number, title, presenter] of scheduledAgenda) {
      catalog.addAgendaItem(scheduled.id, { number, title, description: '', presenter });
    }

    const ended = catalog.createSession({
      bodyId: council.id,
      kind: 'council',
      title: 'Ավագանու արտահերթ նիստ՝ ջրամատակարարում',
      startsAt: sessionTime(now, -14),
      location: 'Աշտարակի համայնքապետարան, նիստերի դահլիճ',
      status: 'ended',
      visibility: 'public',
      createdBy: null,
    });
    const endedAgenda = [
      ['1', 'Ջրամատակարարման ցանցի վթարային վերանորոգում', 'Կոմունալ բաժին'],
      ['2', 'Համայնքի բյուջեում փոփոխություններ', 'Ֆինանսական բաժնի պետ'],
    ] as const;
    const items = endedAgenda.map(([number, title, presenter]) =>
      catalog.addAgendaItem(ended.id, { number, title, description: '', presenter }),
    );
    const decisionId = Number(
      repos.db
        .prepare(
          `INSERT INTO decisions (session_id, agenda_item_id, number, title, text, outcome)
           VALUES (?, ?, ?, ?, ?, 'adopted')`,
        )
        .run(ended.id, items[0]!.id, '47-Ն', 'Ջրամատակարարման ցանցի վերանորոգման համար միջոցների հատկացում', '')
        .lastInsertRowid,
    );
    const choices = ['for', 'for', 'for', 'for', 'against', 'abstain', 'absent'] as const;
    const vote = repos.db.prepare('INSERT INTO votes (decision_id, member_id, choice) VALUES (?, ?, ?)');
    memberIds.forEach((memberId, i) => vote.run(decisionId, memberId, choices[i]));
    repos.search.upsert({
      kind: 'decision',
      refId: decisionId,
      sessionId: ended.id,
      title: 'Ջրամատակարարման ցանցի վերանորոգման համար միջոցների հատկացում',
    });

    const meeting = catalog.createSession({
      bodyId: council.id,
      kind: 'meeting',
      title: 'Աշխատանքային խորհրդակցություն՝ դպրոցների տնօրենների հետ',
      startsAt: sessionTime(now, 2),
      location: 'Առցանց',
      visibility: 'private',
      createdBy: null,
    });

    return {
      councilId: council.id,
      councilSlug: council.slug,
      scheduledSessionId: scheduled.id,
      endedSessionId: ended.id,
      meetingSessionId: meeting.id,
    };
  })();
}
