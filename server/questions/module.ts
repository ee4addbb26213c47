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
 * Builds the citizen-questions feature. `liveOffset` is the recording service's offset (where an answered
 * question goes on the recording's timeline). Moderation writes the civic search index and the audit trail
 * through their owners' services, in its own transaction.
 */
export function createQuestions(
  repos: RepositoriesOf<'agenda' | 'audit' | 'db' | 'questions' | 'recordings' | 'search' | 'sessions'>,
  config: QuestionsConfig,
  log: Logger,
  liveOffset: (sessionId: SessionId) => number | null,
  now: () => number = Date.now,
): Questions {
  const events = new QuestionEvents();
  return {
    events,
    residents: new QuestionsService(repos, events, log, config, now),
    moderation: new QuestionModerationService(repos, { search: new SearchIndexService(repos.search), audit: new AuditLog(repos.audit) }, events, log, liveOffset),
    fingerprints: ClientFingerprints.fromFile(config.secretFile),
  };
}
