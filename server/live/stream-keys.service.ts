import { randomBytes } from 'node:crypto';
import type { RepositoriesOf } from '../core/repositories.js';
import { can, type Principal } from '../accounts/authorization.js';
import { hashToken } from '../accounts/auth.service.js';
import { forbidden, notFound, validationFailed } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';

type Staff = Extract<Principal, { kind: 'account' }>;

export type StreamKeyInfo = { id: number; sessionId: SessionId; createdAt: string; revokedAt: string | null };
type Row = { id: number; session_id: number; created_at: string; revoked_at: string | null };
const info = (r: Row): StreamKeyInfo => ({ id: r.id, sessionId: r.session_id as SessionId, createdAt: r.created_at, revokedAt: r.revoked_at });

/**
 * Stream keys for encoders (RTMP, WHIP): one active key per council session, made by its body's operators.
 * The key is shown once; only its SHA-256 is kept. Every create, revoke and use is in the audit log.
 */
export class StreamKeysService {
  constructor(
    private readonly repos: RepositoriesOf<'audit' | 'db' | 'sessions'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new key for the session; the session's previous key stops working. */
  create(actor: Staff, sessionId: SessionId): StreamKeyInfo & { key: string } {
    const session = this.sessionFor(actor, sessionId);
    if (session.kind !== 'council') throw validationFailed('Stream keys are for council sessions; a meeting is joined from the browser.');
    if (session.status === 'ended') throw validationFailed('This session has ended; it cannot go live again.');
    const key = `nist_${sessionId}_${randomBytes(24).toString('base64url')}`;
    const db = this.repos.db;
    const created = db.transaction(() => {
      const revoked = this.revokeActive(sessionId);
      const row = db
        .prepare('INSERT INTO stream_keys (session_id, key_hash, created_by) VALUES (?, ?, ?) RETURNING id, session_id, created_at, revoked_at')
        .get(sessionId, hashToken(key), actor.accountId) as Row;
      this.repos.audit.record({ accountId: actor.accountId, action: 'stream_key.create', target: `session:${sessionId}`, details: { keyId: row.id, replaced: revoked } });
      return info(row);
    })();
    return { ...created, key };
  }

  /** Revokes the session's active key (an encoder using it is refused from its next connection). */
  revoke(actor: Staff, sessionId: SessionId): { revoked: boolean } {
    this.sessionFor(actor, sessionId);
    return this.repos.db.transaction(() => {
      const revoked = this.revokeActive(sessionId);
      if (revoked !== null) this.repos.audit.record({ accountId: actor.accountId, action: 'stream_key.revoke', target: `session:${sessionId}`, details: { keyId: revoked } });
      return { revoked: revoked !== null };
    })();
  }

  /** The session's active key, without the key itself. */
  active(actor: Staff, sessionId: SessionId): StreamKeyInfo | null {
    this.sessionFor(actor, sessionId);
    const row = this.repos.db
      .prepare('SELECT id, session_id, created_at, revoked_at FROM stream_keys WHERE session_id = ? AND revoked_at IS NULL')
      .get(sessionId) as Row | undefined;
    return row ? info(row) : null;
  }

  /** The session an active key belongs to, or null for a wrong or revoked key. */
  sessionOfKey(key: string): { keyId: number; sessionId: SessionId } | null {
    if (!key || key.length > 200) return null;
    const row = this.repos.db
      .prepare('SELECT id, session_id FROM stream_keys WHERE key_hash = ? AND revoked_at IS NULL')
      .get(hashToken(key)) as { id: number; session_id: number } | undefined;
    return row ? { keyId: row.id, sessionId: row.session_id as SessionId } : null;
  }

  /** An encoder used a key: accepted (`stream_key.use`) or refused (`stream_key.refuse`), with why. */
  recordUse(entry: { sessionId: SessionId | null; keyId: number | null; accepted: boolean; protocol: 'rtmp' | 'whip'; address: string; reason?: string }): void {
    this.repos.audit.record({
      accountId: null,
      action: entry.accepted ? 'stream_key.use' : 'stream_key.refuse',
      target: entry.sessionId === null ? 'stream_key' : `session:${entry.sessionId}`,
      details: { keyId: entry.keyId, protocol: entry.protocol, address: entry.address, ...(entry.reason ? { reason: entry.reason } : {}) },
    });
  }

  private revokeActive(sessionId: SessionId): number | null {
    const row = this.repos.db
      .prepare('UPDATE stream_keys SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL RETURNING id')
      .get(new Date(this.now()).toISOString(), sessionId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  private sessionFor(actor: Staff, sessionId: SessionId) {
    const session = this.repos.sessions.get(sessionId);
    if (!session) throw notFound(`There is no session with id ${sessionId}.`);
    if (!can(actor, 'broadcast.run', session.bodyId)) throw forbidden('Only an operator of this body can manage its stream keys.');
    return session;
  }
}
