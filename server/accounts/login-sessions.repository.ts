import type { Db } from '../core/database.js';
import type { AccountId } from '../core/ids.js';

export type LoginSession = {
  idHash: string;
  accountId: AccountId;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

type Row = { id_hash: string; account_id: number; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string };

export class LoginSessionsRepository {
  constructor(private readonly db: Db) {}

  create(s: LoginSession & { address: string | null }): void {
    this.db
      .prepare(
        `INSERT INTO login_sessions (id_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, address)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.idHash, s.accountId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.address);
  }

  get(idHash: string): LoginSession | undefined {
    const r = this.db.prepare('SELECT * FROM login_sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return (
      r && {
        idHash: r.id_hash,
        accountId: r.account_id as AccountId,
        csrfToken: r.csrf_token,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
      }
    );
  }

  touch(idHash: string, at: string): void {
    this.db.prepare('UPDATE login_sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
  }

  delete(idHash: string): void {
    this.db.prepare('DELETE FROM login_sessions WHERE id_hash = ?').run(idHash);
  }

  deleteForAccount(accountId: AccountId): void {
    this.db.prepare('DELETE FROM login_sessions WHERE account_id = ?').run(accountId);
  }

  deleteExpired(now: string, idleBefore: string): number {
    return this.db
      .prepare('DELETE FROM login_sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now, idleBefore).changes;
  }
}
