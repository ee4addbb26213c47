import { EventEmitter } from 'node:events';
import type { AskQuestionInput, ModerationAction, OwnQuestion, PublicQuestion } from './questions.contract.js';
import type { Logger } from '../core/logger.js';
import type { Question } from './questions.repository.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Session } from '../civic/sessions.repository.js';
import { can, type Principal } from '../accounts/authorization.js';
import type { Asker } from './client-fingerprint.js';
import { badRequest, conflict, invalidField, notFound, rateLimited } from '../core/errors.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';
import { findNearDuplicate } from './near-duplicate.js';
import { isPublic, toOwn, toPublic } from './question-views.js';
import { RateLimiter } from './rate-limiter.js';

export type QuestionLimits = {
  perClientPerMinute: number;
  perClientPerDay: number;
  perAddressPerMinute: number;
  perAddressPerDay: number;
  votesPerAddressPerMinute: number;
};

/** One question changed: what it was (for what residents saw) and what it is now. */
export type QuestionChange = { before: Question; after: Question; action: ModerationAction | 'vote'; by: string | null };

/** What the realtime layer turns into socket events. */
export class QuestionEvents extends EventEmitter<{ queued: [question: Question]; changed: [changes: QuestionChange[]] }> {}

/** How many of the session's newest questions a new one is compared with. */
const duplicateWindow = 50;
const minute = 60_000;
const day = 24 * 60 * minute;

/** The residents' side: ask, read the public list, upvote, follow one's own questions. */
export class QuestionsService {
  private readonly askLimiter: RateLimiter;
  private readonly voteLimiter: RateLimiter;

  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'db' | 'questions' | 'sessions'>,
    private readonly events: QuestionEvents,
    private readonly log: Logger,
    limits: QuestionLimits,
    now: () => number = Date.now,
  ) {
    this.askLimiter = new RateLimiter(
      {
        client: [
          { windowMs: minute, max: limits.perClientPerMinute },
          { windowMs: day, max: limits.perClientPerDay },
        ],
        address: [
          { windowMs: minute, max: limits.perAddressPerMinute },
          { windowMs: day, max: limits.perAddressPerDay },
        ],
      },
      now,
    );
    this.voteLimiter = new RateLimiter({ address: [{ windowMs: minute, max: limits.votesPerAddressPerMinute }] }, now);
  }

  /** Stores a resident's question as `pending` for moderators; nothing of it is public yet. */
  ask(sessionId: SessionId, body: AskQuestionInput, asker: Asker): Question {
    const session = this.publicSession(sessionId);
    if (session.status === 'ended') throw conflict('This session has ended; it no longer takes questions.');
    if (body.website) {
      this.log.warn({ sessionId, address: asker.address }, 'question refused: honeypot filled');
      throw badRequest('The question could not be sent.');
    }
    const decision = this.askLimiter.take({ client: asker.fingerprint, address: asker.address });
    if (!decision.ok) {
      throw rateLimited(`You have sent many questions in a short time. Try again in ${decision.retryAfterSec} s.`, decision.retryAfterSec);
    }
    if (body.agendaItemId !== null && !this.repos.agenda.listBySession(sessionId).some((a) => a.id === body.agendaItemId)) {
      throw invalidField('agendaItemId', `Invalid question: agendaItemId: there is no agenda item ${body.agendaItemId} in this session.`);
    }
    const recent = this.repos.questions.recent(sessionId, duplicateWindow);
    const own = findNearDuplicate(body.text, recent.filter((q) => q.fingerprint === asker.fingerprint));
    if (own) throw conflict('You have already asked this question.');
    if (findNearDuplicate(body.text, recent.filter(isPublic))) {
      throw conflict('A very similar question is already on the list; you can upvote it instead.');
    }
    const similar = findNearDuplicate(body.text, recent.filter((q) => q.status === 'pending' && q.mergedInto === null));
    const question = this.repos.questions.create({
      sessionId,
      agendaItemId: body.agendaItemId as AgendaItemId | null,
      text: body.text,
      authorName: body.authorName,
      fingerprint: asker.fingerprint,
      similarTo: similar?.id ?? null,
    });
    this.log.info({ sessionId, questionId: question.id, similarTo: question.similarTo }, 'question queued');
    this.events.emit('queued', question);
    return question;
  }

  /** Approved and answered questions of a session residents may see. */
  listPublic(sessionId: SessionId, principal?: Principal): PublicQuestion[] {
    this.publicSession(sessionId, principal);
    return this.repos.questions.listVisible(sessionId).map(toPublic);
  }

  /** Ids of the session's questions this browser voted for. */
  votedBy(sessionId: SessionId, asker: Asker): number[] {
    return this.repos.questions.votedBy(sessionId, asker.fingerprint);
  }

  /** The asking browser's own questions in a session, with their fate. */
  own(sessionId: SessionId, asker: Asker): OwnQuestion[] {
    this.publicSession(sessionId);
    return this.repos.questions.listByFingerprint(sessionId, asker.fingerprint).map(toOwn);
  }

  /** One upvote per browser for a public question; a second one changes nothing. */
  vote(questionId: number, asker: Asker, principal?: Principal): { question: Question; counted: boolean } {
    const before = this.repos.questions.get(questionId);
    if (!before || !isPublic(before)) throw notFound(`There is no question with id ${questionId} on the public list.`);
    this.publicSession(before.sessionId, principal);
    const decision = this.voteLimiter.take({ address: asker.address });
    if (!decision.ok) throw rateLimited(`Too many votes from your network. Try again in ${decision.retryAfterSec} s.`, decision.retryAfterSec);
    const counted = this.repos.db.transaction(() => this.repos.questions.addVote(questionId, asker.fingerprint))();
    const after = this.repos.questions.get(questionId)!;
    if (counted) this.events.emit('changed', [{ before, after, action: 'vote', by: null }]);
    return { question: after, counted };
  }

  /**
   * A session a resident may ask about and read: it must exist and be public, unless `principal` may see
   * the body's private sessions (staff watching a private meeting).
   */
  publicSession(sessionId: SessionId, principal?: Principal): Session {
    const session = this.repos.sessions.get(sessionId);
    const visible = session && (session.visibility === 'public' || (principal && can(principal, 'private.view', session.bodyId)));
    if (!session || !visible) throw notFound(`There is no public session with id ${sessionId}.`);
    return session;
  }
}
