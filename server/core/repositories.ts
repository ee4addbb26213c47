import type { Db } from './database.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AgendaRepository } from '../civic/agenda.repository.js';
import { AuditRepository } from '../accounts/audit.repository.js';
import { BodiesRepository } from '../civic/bodies.repository.js';
import { DecisionsRepository } from '../civic/decisions.repository.js';
import { DocumentsRepository } from '../civic/documents.repository.js';
import { InvitesRepository } from '../accounts/invites.repository.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { LoginSessionsRepository } from '../accounts/login-sessions.repository.js';
import { MembersRepository } from '../civic/members.repository.js';
import { QuestionsRepository } from '../questions/questions.repository.js';
import { RecordingsRepository } from '../recording/recordings.repository.js';
import { SearchRepository } from '../civic/search.repository.js';
import { ChaptersRepository } from '../civic/chapters.repository.js';
import { CaptionsRepository } from '../recording/captions.repository.js';
import { RecordingTracksRepository } from '../recording/recording-tracks.repository.js';
import { SessionsRepository } from '../civic/sessions.repository.js';
import { LiveCaptionsRepository } from '../captions/live-captions.repository.js';

export type Repositories = ReturnType<typeof createRepositories>;
/**
 * The repositories a service or router uses, by name: its constructor says what it reads and writes, and the
 * compiler keeps it to that. The composition root (server/nist.ts) hands each the one set it made.
 */
export type RepositoriesOf<K extends keyof Repositories> = Pick<Repositories, K>;

export function createRepositories(db: Db) {
  return {
    db,
    bodies: new BodiesRepository(db),
    members: new MembersRepository(db),
    sessions: new SessionsRepository(db),
    agenda: new AgendaRepository(db),
    recordings: new RecordingsRepository(db),
    decisions: new DecisionsRepository(db),
    questions: new QuestionsRepository(db),
    documents: new DocumentsRepository(db),
    search: new SearchRepository(db),
    chapters: new ChaptersRepository(db),
    captions: new CaptionsRepository(db),
    recordingTracks: new RecordingTracksRepository(db),
    liveCaptions: new LiveCaptionsRepository(db),
    accounts: new AccountsRepository(db),
    loginSessions: new LoginSessionsRepository(db),
    audit: new AuditRepository(db),
    invites: new InvitesRepository(db),
    jobs: new JobsRepository(db),
  };
}
