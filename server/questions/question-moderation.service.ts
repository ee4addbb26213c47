import type { ModerationAction, ModerationQuestion } from './questions.contract.js';
import type { Logger } from '../core/logger.js';
import type { Question, QuestionPatch, StoredStatus } from './questions.repository.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Session } from '../civic/sessions.repository.js';
import { can, type Principal } from '../accounts/authorization.js';
import { DomainError, forbidden, notFound, unauthorized } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import { isPublic, statusOf, toModeration } from './question-views.js';
import type { QuestionChange, QuestionEvents } from './questions.service.js';
import type { AuditLog } from '../accounts/audit-log.js';
import type { SearchIndexService } from '../civic/search-index.service.js';

type Staff = Extract<Principal, { kind: 'account' }>;

/** A moderator acted on an out-of-date view: the error carries the question as it is now. */
export class StaleQuestionError extends DomainError {
  constructor(
    message: string,
    readonly current: ModerationQuestion,
  ) {
    super('conflict', 409, message);
  }
}

/** Another question an action changed too (the merge target, a question unpinned). */
type Side = { before: Question; after: Question };

export type Target = { questionId: number; expectedVersion: number };
export type ModerationResult = { question: Question; also: Question[] };

/** From which states each action may start (merged questions take none). */
const allowedFrom: Record<Exclude<ModerationAction, 'merge'>, readonly StoredStatus[]> = {
  approve: ['pending', 'rejected'],
  reject: ['pending', 'approved', 'answered'],
  edit: ['pending', 'approved', 'answered', 'rejected'],
  pin: ['approved', 'answered'],
  answer: ['pending', 'approved', 'answered'],
};

/**
 * Moderators' decisions. Each names the version of the question it was made on: when a colleague changed
 * the question first, the action fails with the current state instead of overwriting their decision.
 * Every decision lands in the audit log, and the search index follows, in the same transaction as the change.
 */
export class QuestionModerationService {
  constructor(
    private readonly repos: RepositoriesOf<'db' | 'questions' | 'sessions'>,
    /** The civic search index and the audit trail, each written through its owner's service. */
    private readonly owners: { search: SearchIndexService; audit: AuditLog },
    private readonly events: QuestionEvents,
    private readonly log: Logger,
    /** Seconds into the session's recording right now, or null when nothing is being recorded. */
    private readonly recordingOffset: (sessionId: SessionId) => number | null,
  ) {}

  /** The whole queue of a session, for a moderator of its body. */
  queue(principal: Principal, sessionId: SessionId): Question[] {
    this.sessionFor(principal, sessionId);
    return this.repos.questions.listAll(sessionId);
  }

  /** Throws unless `principal` moderates questions of the session's body. */
  sessionFor(principal: Principal, sessionId: SessionId): Session & { staff: Staff } {
    if (principal.kind !== 'account') throw unauthorized();
    const session = this.repos.sessions.get(sessionId);
    const seesIt = session && (session.visibility === 'public' || can(principal, 'private.view', session.bodyId));
    if (!session || !seesIt) throw notFound(`There is no session with id ${sessionId}.`);
    if (!can(principal, 'questions.moderate', session.bodyId)) throw forbidden('Your roles do not allow this (questions.moderate).');
    return { ...session, staff: principal };
  }

  approve(principal: Principal, t: Target): ModerationResult {
    return this.act(principal, t, 'approve', () => ({ status: 'approved' }));
  }

  reject(principal: Principal, t: Target & { reason?: string | null }): ModerationResult {
    return this.act(principal, t, 'reject', () => ({ status: 'rejected', rejectReason: t.reason ?? null, pinned: false }), {
      reason: t.reason ?? null,
    });
  }

  edit(principal: Principal, t: Target & { text: string }): ModerationResult {
    return this.act(principal, t, 'edit', (q) => ({ text: t.text, originalText: q.originalText ?? q.text }), { text: t.text });
  }

  /** Pinning shows the question "on screen now"; only one question of a session is pinned at a time. */
  pin(principal: Principal, t: Target & { pinned: boolean }): ModerationResult {
    return this.act(
      principal,
      t,
      'pin',
      () => ({ pinned: t.pinned }),
      { pinned: t.pinned },
      (q) => (t.pinned ? this.repos.questions.pinned(q.sessionId, q.id).map((other) => this.mustUpdate(other, { pinned: false })) : []),
    );
  }

  /**
   * Marks the question answered at the recording's current offset (kept if it was answered before), with an
   * optional written answer.
   */
  answer(principal: Principal, t: Target & { answerText?: string | null }): ModerationResult {
    return this.act(
      principal,
      t,
      'answer',
      (q) => ({
        status: 'answered',
        answeredAtSec: q.status === 'answered' ? q.answeredAtSec : roundOffset(this.recordingOffset(q.sessionId)),
        ...(t.answerText !== undefined ? { answerText: t.answerText } : {}),
      }),
      { answerText: t.answerText ?? null },
    );
  }

  /** Folds a duplicate into another question of the session: their votes add up, the duplicate leaves the lists. */
  merge(principal: Principal, t: Target & { intoId: number }): ModerationResult {
    return this.act(
      principal,
      t,
      'merge',
      () => ({ mergedInto: t.intoId, pinned: false }),
      { intoId: t.intoId },
      (q) => {
        const into = this.repos.questions.get(t.intoId);
        if (!into || into.sessionId !== q.sessionId) throw notFound(`There is no question ${t.intoId} in this session to merge into.`);
        if (into.mergedInto !== null || into.status === 'rejected') {
          throw new StaleQuestionError(`Question ${into.id} is ${statusOf(into)}; merge into another one.`, toModeration(into));
        }
        this.repos.questions.moveVoters(q.id, into.id);
        return [this.mustUpdate(into, { votes: into.votes + q.votes })];
      },
    );
  }

  /**
   * The shape of every action: check the actor and the question's state and version, apply the patch and any
   * side changes, write the audit entry, all in one transaction; then tell the realtime layer.
   */
  private act(
    principal: Principal,
    t: Target,
    action: ModerationAction,
    patch: (q: Question) => QuestionPatch,
    details: Record<string, unknown> = {},
    sideEffects: (q: Question) => Side[] = () => [],
  ): ModerationResult {
    const found = this.repos.questions.get(t.questionId);
    if (!found) throw notFound(`There is no question with id ${t.questionId}.`);
    const session = this.sessionFor(principal, found.sessionId);
    const run = this.repos.db.transaction(() => {
      const before = this.repos.questions.get(t.questionId)!;
      if (before.version !== t.expectedVersion) {
        throw new StaleQuestionError('Another moderator changed this question first; here is how it is now.', toModeration(before));
      }
      if (before.mergedInto !== null || (action !== 'merge' && !allowedFrom[action].includes(before.status))) {
        throw new StaleQuestionError(`A ${statusOf(before)} question cannot be given this action (${action}).`, toModeration(before));
      }
      const others = sideEffects(before);
      const after = this.repos.questions.update(before.id, before.version, patch(before))!;
      for (const q of [after, ...others.map((o) => o.after)]) this.owners.search.question(q, isPublic(q));
      this.owners.audit.record(session.staff, `question.${action}`, `question:${before.id}`, {
        sessionId: before.sessionId,
        fromStatus: statusOf(before),
        toStatus: statusOf(after),
        ...details,
      });
      return { before, after, others };
    });
    const result = run();
    const by = session.staff.username;
    const changes: QuestionChange[] = [result, ...result.others].map((c) => ({ before: c.before, after: c.after, action, by }));
    this.log.info({ questionId: t.questionId, sessionId: session.id, action, by }, 'question moderated');
    this.events.emit('changed', changes);
    return { question: result.after, also: result.others.map((o) => o.after) };
  }

  /** A side change to another question of the same transaction; its version grows like any change. */
  private mustUpdate(q: Question, patch: QuestionPatch): Side {
    return { before: q, after: this.repos.questions.update(q.id, q.version, patch)! };
  }
}

const roundOffset = (sec: number | null): number | null => (sec === null ? null : Math.round(sec * 10) / 10);
