import type { Db } from './database.js';
import { AccountsRepository } from './accounts.repository.js';
import { AgendaRepository } from './agenda.repository.js';
import { AuditRepository } from './audit.repository.js';
import { BodiesRepository } from './bodies.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DocumentsRepository } from './documents.repository.js';
import { InvitesRepository } from './invites.repository.js';
import { JobsRepository } from './jobs.repository.js';
import { LoginSessionsRepository } from './login-sessions.repository.js';
import { MembersRepository } from './members.repository.js';
import { QuestionsRepository } from './questions.repository.js';
import { RecordingsRepository } from './recordings.repository.js';
import { SearchRepository } from './search.repository.js';
import { ChaptersRepository } from './chapters.repository.js';
import { CaptionsRepository } from './captions.repository.js';
import { SessionsRepository } from './sessions.repository.js';

export type Repositories = ReturnType<typeof createRepositories>;

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
    accounts: new AccountsRepository(db),
    loginSessions: new LoginSessionsRepository(db),
    audit: new AuditRepository(db),
    invites: new InvitesRepository(db),
    jobs: new JobsRepository(db),
  };
}
