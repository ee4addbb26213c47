import type { RepositoriesOf } from '../core/repositories.js';
import type { Account } from './accounts.repository.js';
import type { Principal, RoleGrant } from './authorization.js';
import { conflict, notFound, validationFailed } from '../core/errors.js';
import type { AccountId } from '../core/ids.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword } from './passwords.js';

type Actor = Extract<Principal, { kind: 'account' }> | { kind: 'system' };
const actorId = (actor: Actor) => (actor.kind === 'account' ? actor.accountId : null);

/** Account administration. Every change is written to the audit log by who made it. */
export class AccountsService {
  constructor(
    private readonly repos: RepositoriesOf<'accounts' | 'audit' | 'bodies' | 'db' | 'loginSessions'>,
    private readonly throttle: LoginThrottle,
  ) {}

  list(): Account[] {
    return this.repos.accounts.list();
  }

  get(id: AccountId): Account {
    const account = this.repos.accounts.get(id);
    if (!account) throw notFound(`There is no account with id ${id}.`);
    return account;
  }

  async create(
    actor: Actor,
    input: { username: string; displayName: string; password: string; grants: RoleGrant[] },
  ): Promise<Account> {
    this.checkBodies(input.grants);
    const passwordHash = await hashPassword(input.password);
    const id = this.repos.db.transaction(() => {
      if (this.repos.accounts.existsByUsername(input.username)) {
        throw conflict(`The username "${input.username}" is taken.`);
      }
      const created = this.repos.accounts.create({ username: input.username, displayName: input.displayName, passwordHash });
      this.repos.accounts.setGrants(created, input.grants);
      this.repos.audit.record({
        accountId: actorId(actor),
        action: 'account.create',
        target: `account:${created}`,
        details: { username: input.username, grants: input.grants },
      });
      return created;
    })();
    return this.get(id);
  }

  setGrants(actor: Actor, id: AccountId, grants: RoleGrant[]): Account {
    this.checkBodies(grants);
    this.repos.db.transaction(() => {
      this.get(id);
      this.repos.accounts.setGrants(id, grants);
      this.repos.audit.record({ accountId: actorId(actor), action: 'account.roles', target: `account:${id}`, details: { grants } });
    })();
    return this.get(id);
  }

  async resetPassword(actor: Actor, id: AccountId, password: string): Promise<void> {
    const account = this.get(id);
    const passwordHash = await hashPassword(password);
    this.repos.db.transaction(() => {
      this.repos.accounts.setPasswordHash(id, passwordHash);
      // A new password ends every open login of the account.
      this.repos.loginSessions.deleteForAccount(id);
      this.repos.audit.record({ accountId: actorId(actor), action: 'account.password_reset', target: `account:${id}` });
    })();
    this.throttle.unlockAccount(account.username);
  }

  update(actor: Actor, id: AccountId, patch: { displayName?: string; disabled?: boolean }): Account {
    if (patch.disabled && actor.kind === 'account' && actor.accountId === id) {
      throw validationFailed('You cannot disable your own account.');
    }
    this.repos.db.transaction(() => {
      this.get(id);
      this.repos.accounts.update(id, patch);
      if (patch.disabled) this.repos.loginSessions.deleteForAccount(id);
      this.repos.audit.record({ accountId: actorId(actor), action: 'account.update', target: `account:${id}`, details: patch });
    })();
    return this.get(id);
  }

  unlock(actor: Actor, id: AccountId): void {
    const account = this.get(id);
    this.throttle.unlockAccount(account.username);
    this.repos.audit.record({ accountId: actorId(actor), action: 'account.unlock', target: `account:${id}` });
  }

  isLocked(account: Account): boolean {
    return this.throttle.isAccountLocked(account.username);
  }

  private checkBodies(grants: RoleGrant[]): void {
    for (const g of grants) {
      if (g.bodyId !== null && !this.repos.bodies.get(g.bodyId)) {
        throw validationFailed(`grants: there is no body with id ${g.bodyId}.`);
      }
      if (g.role === 'admin' && g.bodyId !== null) {
        throw validationFailed('grants: the admin role applies to all bodies; leave bodyId empty.');
      }
    }
  }
}
