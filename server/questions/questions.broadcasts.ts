import { moderationChannel, sessionChannel } from './questions.contract.js';
import { isPublic, statusOf, toModeration, toPublic } from './question-views.js';
import type { QuestionChange, QuestionEvents } from './questions.service.js';
import type { QuestionsServer } from './questions.handlers.js';
import { ResidentFanout } from './resident-fanout.js';

/** The asking browser's private channel, for the fate of its own questions. */
export const askerChannel = (fingerprint: string) => `asker:${fingerprint}`;

/**
 * Turns question events into socket events. Residents only ever hear of public questions: a question
 * entering the public list is `question:approved`, changing on it `question:updated`, leaving it
 * `question:removed`, coalesced into `questions:batch` when a session is busy. Moderators hear of everything.
 */
export function bridgeQuestionEvents(io: QuestionsServer, events: QuestionEvents, batchWindowMs?: number): void {
  const fanout = new ResidentFanout((sessionId, batch) => {
    const residents = io.to(sessionChannel(sessionId));
    if (batch.length === 1) (residents.emit as (e: string, p: unknown) => boolean)(batch[0]![0], batch[0]![1]);
    else residents.emit('questions:batch', batch);
  }, batchWindowMs);
  events.on('queued', (q) => {
    io.to(moderationChannel(q.sessionId)).emit('moderation:queued', toModeration(q));
    io.to(askerChannel(q.fingerprint)).emit('question:fate', { id: q.id, sessionId: q.sessionId, status: 'pending', mergedInto: null });
  });
  events.on('changed', (changes) => {
    for (const change of changes) broadcast(io, fanout, change);
  });
}

function broadcast(io: QuestionsServer, fanout: ResidentFanout, { before, after, action, by }: QuestionChange): void {
  io.to(moderationChannel(after.sessionId)).emit('moderation:changed', { question: toModeration(after), action, by });
  const was = isPublic(before);
  const is = isPublic(after);
  if (!was && is) fanout.push(after.sessionId, ['question:approved', toPublic(after)]);
  else if (was && is) fanout.push(after.sessionId, ['question:updated', toPublic(after)]);
  else if (was && !is) fanout.push(after.sessionId, ['question:removed', { id: after.id, sessionId: after.sessionId, mergedInto: after.mergedInto }]);
  if (statusOf(before) !== statusOf(after)) {
    io.to(askerChannel(after.fingerprint)).emit('question:fate', {
      id: after.id,
      sessionId: after.sessionId,
      status: statusOf(after),
      mergedInto: after.mergedInto,
    });
  }
}
