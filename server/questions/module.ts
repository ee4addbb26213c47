import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import { AuditLog } from '../accounts/audit-log.js';
import { SearchIndexService } from '../civic/search-index.service.js';
import { ClientFingerprints } from './client-fingerprint.js';
import type { SessionId } from '../core/ids.js';
import { QuestionModerationService } from './question-moderation.service.js';
import { QuestionEvents, QuestionsService, type QuestionLimits } from './questions.service.js';

export type QuestionsConfig = QuestionLimits & { secretFile: string };

export type Questions = {
  residents: QuestionsService;
  moderation: QuestionModerationService;
  events: QuestionEvents;
  fingerprints: ClientFingerprints;
};

/**
 * Builds the citizen-questions feature. `liveOffset` is the recording service's offset of a running
 * recorder; when it has none (the recorder is restarting, or recording runs in another process) the
 * recording row's start time stands in. Moderation writes the civic search index and the audit trail through
 * their owners' services, in its own transaction.
 */
export function createQuestions(
  repos: RepositoriesOf<'agenda' | 'audit' | 'db' | 'questions' | 'recordings' | 'search' | 'sessions'>,
  config: QuestionsConfig,
  log: Logger,
  liveOffset: (sessionId: SessionId) => number | null,
  now: () => number = Date.now,
): Questions {
  const events = new QuestionEvents();
  const offset = (sessionId: SessionId) => liveOffset(sessionId) ?? offsetFromStart(repos, sessionId, now());
  return {
    events,
    residents: new QuestionsService(repos, events, log, config, now),
    moderation: new QuestionModerationService(repos, { search: new SearchIndexService(repos.search), audit: new AuditLog(repos.audit) }, events, log, offset),
    fingerprints: ClientFingerprints.fromFile(config.secretFile),
  };
}

/** Seconds since the session's recording started, if it is still recording. */
function offsetFromStart(repos: RepositoriesOf<'recordings'>, sessionId: SessionId, nowMs: number): number | null {
  const recording = repos.recordings.findRecording(sessionId);
  if (!recording || recording.status !== 'recording') return null;
  const started = Date.parse(recording.startedAt);
  return Number.isFinite(started) ? Math.max(0, (nowMs - started) / 1000) : null;
}
