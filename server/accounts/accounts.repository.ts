import type { Db } from '../core/database.js';
import type { AccountId, BodyId } from '../core/ids.js';
import type { Role, RoleGrant } from './authorization.js';

export type Account = {
  id: AccountId;
  username: string;
  displayName: string;
  disabled: boolean;
  createdAt: string;
  grants: RoleGrant[];
};

type Row = { id: number; username: string; display_name: string; disabled: number; created_at: string; password_hash: string };

export class AccountsRepository {
  constructor(private readonly db: Db) {}

  create(input: { username: string; displayName: string; passwordHash: string }): AccountId {
    return Number(
      this.db
        .prepare('INSERT INTO accounts (username, display_name, password_hash) VALUES (?, ?, ?)')
        .run(input.username, input.displayName, input.passwordHash).lastInsertRowid,
    ) as AccountId;
  }

  get(id: AccountId): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return row && this.toAccount(row);
  }

  /** The account and its password hash, for login only. */
  findForLogin(username: string): { account: Account; passwordHash: string } | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as Row | undefined;
    return row && { account: this.toAccount(row), passwordHash: row.password_hash };
  }

  existsByUsername(username: string): boolean {
    return this.db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(username) !== undefined;
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY username').all() as Row[]).map((r) => this.toAccount(r));
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM accounts').pluck().get() as number;
  }

  setGrants(id: AccountId, grants: readonly RoleGrant[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO account_roles (account_id, role, body_id) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM account_roles WHERE account_id = ?').run(id);
      for (const g of grants) insert.run(id, g.role, g.bodyId);
    })();
  }

  setPasswordHash(id: AccountId, passwordHash: string): void {
    this.db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?').run(passwordHash, id);
  }

  update(id: AccountId, patch: { displayName?: string; disabled?: boolean }): void {
    if (patch.displayName !== undefined) {
      this.db.prepare('UPDATE accounts SET display_name = ? WHERE id = ?').run(patch.displayName, id);
    }
    if (patch.disabled !== undefined) {
      this.db.prepare('UPDATE accounts SET disabled = ? WHERE id = ?').run(patch.disabled ? 1 : 0, id);
    }
  }

  private toAccount(row: Row): Account {
    const grants = this.db
      .prepare('SELECT role, body_id AS bodyId FROM account_roles WHERE account_id = ? ORDER BY role, body_id')
      .all(row.id) as { role: Role; bodyId: number | null }[];
    return {
      id: row.id as AccountId,
      username: row.username,
      displayName: row.display_name,
      disabled: row.disabled === 1,
      createdAt: row.created_at,
      grants: grants.map((g) => ({ role: g.role, bodyId: g.bodyId as BodyId | null })),
    };
  }
}
