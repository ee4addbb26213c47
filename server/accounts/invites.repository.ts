import type { Db } from '../core/database.js';
import type { AccountId, SessionId } from '../core/ids.js';

export type Invite = {
  id: number;
  sessionId: SessionId;
  label: string;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
};

type Row = { id: number; session_id: number; label: string; expires_at: string; revoked_at: string | null; created_at: string };

const toInvite = (r: Row): Invite => ({
  id: r.id,
  sessionId: r.session_id as SessionId,
  label: r.label,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
});

export class InvitesRepository {
  constructor(private readonly db: Db) {}

  create(input: { sessionId: SessionId; tokenHash: string; label: string; expiresAt: string; createdBy: AccountId }): Invite {
    const id = Number(
      this.db
        .prepare('INSERT INTO invites (session_id, token_hash, label, expires_at, created_by) VALUES (?, ?, ?, ?, ?)')
        .run(input.sessionId, input.tokenHash, input.label, input.expiresAt, input.createdBy).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): Invite | undefined {
    const row = this.db.prepare('SELECT * FROM invites WHERE id = ?').get(id) as Row | undefined;
    return row && toInvite(row);
  }

  findByTokenHash(tokenHash: string): Invite | undefined {
    const row = this.db.prepare('SELECT * FROM invites WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return row && toInvite(row);
  }

  listBySession(sessionId: SessionId): Invite[] {
    return (this.db.prepare('SELECT * FROM invites WHERE session_id = ? ORDER BY id DESC').all(sessionId) as Row[]).map(toInvite);
  }

  revoke(id: number, at: string): boolean {
    return this.db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }
}
