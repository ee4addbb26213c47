import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Account } from './accounts.repository.js';
import type { Principal } from './authorization.js';
import { DomainError, rateLimited, unauthorized } from '../core/errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';

export type AuthOptions = { idleMs: number; absoluteMs: number; now?: () => number };

export type LoginResult = { token: string; csrfToken: string; account: Account; expiresAt: string };

export type ResolvedLogin = { principal: Extract<Principal, { kind: 'account' }>; account: Account; csrfToken: string };

/** Login sessions: random 256-bit ids, stored only as SHA-256 hashes, with idle and absolute expiry. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export const toPrincipal = (account: Account): ResolvedLogin['principal'] => ({
  kind: 'account',
  accountId: account.id,
  username: account.username,
  grants: account.grants,
});

export class AuthService {
  private readonly now: () => number;
  private lastPurge = 0;

  constructor(
    private readonly repos: RepositoriesOf<'accounts' | 'audit' | 'loginSessions'>,
    private readonly throttle: LoginThrottle,
    private readonly options: AuthOptions,
    private readonly log: Logger,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Checks the password and opens a new login session. Any session the browser presented before is
   * ended first, so an id planted before login (fixation) never becomes authenticated.
   */
  async login(input: { username: string; password: string; address: string; previousToken?: string }): Promise<LoginResult> {
    const verdict = this.throttle.check(input.username, input.address);
    if (!verdict.allowed) {
      const minutes = Math.ceil(verdict.retryAfterSec / 60);
      throw rateLimited(
        verdict.reason === 'account'
          ? `Too many failed logins for this account. Try again in ${minutes} minute(s), or ask an administrator to unlock it.`
          : `Too many failed logins from this address. Try again in ${minutes} minute(s).`,
        verdict.retryAfterSec,
      );
    }
    const found = this.repos.accounts.findForLogin(input.username);
    const ok = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash()));
    if (!found || !ok || found.account.disabled) {
      this.throttle.recordFailure(input.username, input.address);
      this.log.warn({ username: input.username, address: input.address, known: !!found }, 'login failed');
      if (found && ok && found.account.disabled) {
        throw new DomainError('forbidden', 403, 'This account is disabled. Ask an administrator.');
      }
      throw unauthorized('The username or password is wrong.');
    }
    this.throttle.recordSuccess(input.username);
    if (input.previousToken) this.repos.loginSessions.delete(hashToken(input.previousToken));

    const token = newToken();
    const csrfToken = newToken();
    const now = new Date(this.now()).toISOString();
    const expiresAt = new Date(this.now() + this.options.absoluteMs).toISOString();
    this.repos.loginSessions.create({
      idHash: hashToken(token),
      accountId: found.account.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      address: input.address,
    });
    this.repos.audit.record({ accountId: found.account.id, action: 'auth.login', target: `account:${found.account.id}` });
    this.log.info({ accountId: found.account.id }, 'login');
    return { token, csrfToken, account: found.account, expiresAt };
  }

  /** The account behind a session token, or null if unknown, expired, idle too long or disabled. */
  resolve(token: string | undefined): ResolvedLogin | null {
    if (!token || token.length > 200) return null;
    this.purgeExpired();
    const idHash = hashToken(token);
    const session = this.repos.loginSessions.get(idHash);
    if (!session) return null;
    const now = this.now();
    if (Date.parse(session.expiresAt) <= now || Date.parse(session.lastSeenAt) + this.options.idleMs <= now) {
      this.repos.loginSessions.delete(idHash);
      return null;
    }
    const account = this.repos.accounts.get(session.accountId);
    if (!account || account.disabled) return null;
    if (now - Date.parse(session.lastSeenAt) > 60_000) {
      this.repos.loginSessions.touch(idHash, new Date(now).toISOString());
    }
    return { principal: toPrincipal(account), account, csrfToken: session.csrfToken };
  }

  logout(token: string | undefined): void {
    if (!token) return;
    const session = this.repos.loginSessions.get(hashToken(token));
    if (!session) return;
    this.repos.loginSessions.delete(session.idHash);
    this.repos.audit.record({ accountId: session.accountId, action: 'auth.logout', target: `account:${session.accountId}` });
  }

  private purgeExpired(): void {
    const now = this.now();
    if (now - this.lastPurge < 10 * 60_000) return;
    this.lastPurge = now;
    this.repos.loginSessions.deleteExpired(new Date(now).toISOString(), new Date(now - this.options.idleMs).toISOString());
  }
}
