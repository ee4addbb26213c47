import type { Db } from '../core/database.js';
import type { AccountId } from '../core/ids.js';

export type AuditEntry = {
  id: number;
  accountId: AccountId | null;
  username: string | null;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
  at: string;
};

type Row = { id: number; account_id: number | null; username: string | null; action: string; target: string; details: string | null; at: string };

export class AuditRepository {
  constructor(private readonly db: Db) {}

  record(entry: { accountId: AccountId | null; action: string; target: string; details?: Record<string, unknown> }): void {
    this.db
      .prepare('INSERT INTO audit_log (account_id, action, target, details) VALUES (?, ?, ?, ?)')
      .run(entry.accountId, entry.action, entry.target, entry.details ? JSON.stringify(entry.details) : null);
  }

  list(options: { limit: number; beforeId?: number; action?: string }): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT l.id, l.account_id, a.username, l.action, l.target, l.details, l.at
           FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
          WHERE (? IS NULL OR l.id < ?) AND (? IS NULL OR l.action = ?)
          ORDER BY l.id DESC LIMIT ?`,
      )
      .all(options.beforeId ?? null, options.beforeId ?? null, options.action ?? null, options.action ?? null, options.limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id as AccountId | null,
      username: r.username,
      action: r.action,
      target: r.target,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      at: r.at,
    }));
  }
}
