import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RepositoriesOf } from '../core/repositories.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { roles } from '../accounts/authorization.js';
import type { CatalogService } from '../civic/catalog.service.js';
import type { ChaptersService } from '../civic/chapters.service.js';
import { queueDemoRecording } from './demo-recording.job.js';
import type { SessionId } from '../core/ids.js';
import { verifyPassword } from '../accounts/passwords.js';

export type DemoContent = {
  councilSlug: string;
  scheduledSessionId: SessionId;
  endedSessionId: SessionId;
  meetingSessionId: SessionId;
  accounts: DemoAccount[];
};

export type DemoAccount = { username: string; password: string };

/** What seeding writes directly: the demo's decision with its votes and index row, and its recording's job. */
type SeedRepositories = RepositoriesOf<'bodies' | 'db' | 'decisions' | 'search'> & Parameters<typeof queueDemoRecording>[0];

/** Where the demo accounts' first passwords are kept (DATA_DIR), readable by the server's user only. */
export const demoAccountsFile = 'demo-accounts.json';

/** A password made at seeding: 12 random bytes, 16 base64url characters. */
const newPassword = () => randomBytes(12).toString('base64url');

const day = 24 * 60 * 60 * 1000;

/** Local 11:00 in Yerevan (UTC+4) on the day `offsetDays` from `now`, as an ISO string. */
function sessionTime(now: Date, offsetDays: number): string {
  const d = new Date(now.getTime() + offsetDays * day);
  d.setUTCHours(7, 0, 0, 0);
  return d.toISOString();
}

/**
 * Seeds a demo council and one account per role into an empty database; does nothing if any body exists.
 * Each account gets a random password, written to DATA_DIR/demo-accounts.json (mode 0600) before the
 * account is created, so no account exists whose password is nowhere to be found.
 */
export async function seedDemoContent(
  repos: SeedRepositories,
  catalog: CatalogService,
  accounts: AccountsService,
  options: { chapters: ChaptersService; dataDir: string; now?: Date },
): Promise<DemoContent | null> {
  if (repos.bodies.list().length > 0) return null;
  const content = seedCatalog(repos, catalog, options.chapters, options.now ?? new Date());
  const created: DemoAccount[] = roles.map((role) => ({ username: role, password: newPassword() }));
  writeDemoAccounts(options.dataDir, created);
  for (const [i, role] of roles.entries()) {
    await accounts.create(
      { kind: 'system' },
      {
        username: role,
        displayName: `Demo ${role}`,
        password: created[i]!.password,
        grants: [{ role, bodyId: role === 'admin' ? null : content.councilId }],
      },
    );
  }
  const { councilId: _councilId, ...rest } = content;
  return { ...rest, accounts: created };
}

/** Temporary file created with mode 0600, then renamed over the old one: never a half-written or readable file. */
function writeDemoAccounts(dataDir: string, list: readonly DemoAccount[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, demoAccountsFile);
  const tmp = path.join(dataDir, `.${demoAccountsFile}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmp, file);
}

/** The demo accounts of DATA_DIR/demo-accounts.json (none if there is no such file). */
export function readDemoAccounts(dataDir: string): DemoAccount[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, demoAccountsFile), 'utf8');
  } catch {
    return [];
  }
  const parsed = demoAccountsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}

const demoAccountsSchema = z.array(z.object({ username: z.string(), password: z.string() }));

/** Demo accounts, enabled, whose password is still the one in demo-accounts.json (a changed one clears it). */
export async function demoAccountsWithFirstPassword(repos: RepositoriesOf<'accounts'>, dataDir: string): Promise<string[]> {
  const still = await Promise.all(
    readDemoAccounts(dataDir).map(async ({ username, password }) => {
      const found = repos.accounts.findForLogin(username);
      return found && !found.account.disabled && (await verifyPassword(password, found.passwordHash)) ? username : null;
    }),
  );
  return still.filter((u): u is string => u !== null);
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: a site only this machine reaches. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

function seedCatalog(repos: SeedRepositories, catalog: CatalogService, chapters: ChaptersService, now: Date) {
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

    // The council's public sessions, in the town hall.
    const councilSession = (fields: { title: string; startsAt: string; status?: 'ended' }) =>
      catalog.createSession({ bodyId: council.id, kind: 'council', location: 'Աշտարակի համայնքապետարան, նիստերի դահլիճ', visibility: 'public', createdBy: null, ...fields });
    const scheduled = councilSession({ title: 'Ավագանու հերթական նիստ', startsAt: sessionTime(now, 7) });
    const scheduledAgenda = [
      ['1', 'Համայնքի 2027 թվականի բյուջեի նախագծի քննարկում', 'Ֆինանսական բաժնի պետ'],
      ['2', 'Կենտրոնական զբոսայգու վերանորոգման ծրագիր', 'Քաղաքաշինության բաժին'],
      ['3', 'Դպրոցական տրանսպորտի նոր երթուղիներ', 'Կրթության բաժին'],
      ['4', 'Բնակիչների հարցեր', ''],
    ] as const;
    for (const [number, title, presenter] of scheduledAgenda) {
      catalog.addAgendaItem(scheduled.id, { number, title, description: '', presenter });
    }

    const ended = councilSession({ title: 'Ավագանու արտահերթ նիստ՝ ջրամատակարարում', startsAt: sessionTime(now, -14), status: 'ended' });
    const endedAgenda = [
      ['1', 'Ջրամատակարարման ցանցի վթարային վերանորոգում', 'Կոմունալ բաժին'],
      ['2', 'Համայնքի բյուջեում փոփոխություններ', 'Ֆինանսական բաժնի պետ'],
    ] as const;
    const items = endedAgenda.map(([number, title, presenter]) =>
      catalog.addAgendaItem(ended.id, { number, title, description: '', presenter }),
    );
    const decision = repos.decisions.create({
      sessionId: ended.id,
      agendaItemId: items[0]!.id,
      number: '47-Ն',
      title: 'Ջրամատակարարման ցանցի վերանորոգման համար միջոցների հատկացում',
      text: '',
      outcome: 'adopted',
    });
    const choices = ['for', 'for', 'for', 'for', 'against', 'abstain', 'absent'] as const;
    repos.decisions.setVotes(decision.id, memberIds.map((memberId, i) => ({ memberId, choice: choices[i]! })));
    // Indexed as DecisionsService indexes decisions; its start comes with the chapters below.
    repos.search.upsert({ kind: 'decision', refId: decision.id, sessionId: ended.id, title: `${decision.number} ${decision.title}` });
    // The ended session gets a short generated recording with its agenda as chapters (made in the job
    // queue); the chapters give its agenda items and its decision their start in search.
    queueDemoRecording(repos, chapters, ended.id, ended.startsAt);

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
