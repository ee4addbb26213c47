import type { AccountId } from '../core/ids.js';
import type { AuditRepository } from './audit.repository.js';

/**
 * The audit trail as features write to it: one row per change, inside the caller's transaction, so a change
 * and its record are stored together or not at all. The trail is the accounts feature's; others hold this,
 * never its repository.
 */
export class AuditLog {
  constructor(private readonly audit: Pick<AuditRepository, 'record'>) {}

  /** `actor` made the change (a system actor has no account); `target` names the thing, "session:12". */
  record(actor: { accountId: AccountId | null }, action: string, target: string, details?: Record<string, unknown>): void {
    this.audit.record({ accountId: actor.accountId, action, target, details });
  }
}
