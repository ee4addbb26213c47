import type { ModerationQuestion, OwnQuestion, PublicQuestion, QuestionStatus } from './questions.contract.js';
import type { Question } from './questions.repository.js';

/** A question merged into another is `merged`, whatever it was before. */
export const statusOf = (q: Question): QuestionStatus => (q.mergedInto !== null ? 'merged' : q.status);

/** Residents see a question only after a moderator let it through, and not once merged away. */
export const isPublic = (q: Pick<Question, 'mergedInto' | 'status'>): boolean => q.mergedInto === null && (q.status === 'approved' || q.status === 'answered');

export function toPublic(q: Question): PublicQuestion {
  return {
    id: q.id,
    sessionId: q.sessionId,
    agendaItemId: q.agendaItemId,
    text: q.text,
    authorName: q.authorName,
    status: q.status === 'answered' ? 'answered' : 'approved',
    answeredAtSec: q.answeredAtSec,
    answerText: q.answerText,
    votes: q.votes,
    pinned: q.pinned,
    createdAt: q.createdAt,
  };
}

export function toModeration(q: Question): ModerationQuestion {
  return {
    ...toPublic(q),
    status: statusOf(q),
    originalText: q.originalText,
    rejectReason: q.rejectReason,
    mergedInto: q.mergedInto,
    similarTo: q.similarTo,
    version: q.version,
  };
}

export function toOwn(q: Question): OwnQuestion {
  return { id: q.id, text: q.text, status: statusOf(q), mergedInto: q.mergedInto, createdAt: q.createdAt };
}
