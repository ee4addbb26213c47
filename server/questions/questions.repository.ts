import type { Db } from '../core/database.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';
import type { PublicQuestion } from './questions.contract.js';

/** The public list the sessions API shows: a resident's view of a question without its session and pin. */
export type PublicListEntry = Pick<PublicQuestion, 'id' | 'text' | 'authorName' | 'status' | 'answeredAtSec' | 'answerText' | 'votes'>;

export type StoredStatus = 'pending' | 'approved' | 'rejected' | 'answered';

/** One row as the domain works with it. */
export type Question = {
  id: number;
  sessionId: SessionId;
  agendaItemId: AgendaItemId | null;
  text: string;
  originalText: string | null;
  authorName: string | null;
  status: StoredStatus;
  rejectReason: string | null;
  mergedInto: number | null;
  similarTo: number | null;
  pinned: boolean;
  answeredAtSec: number | null;
  answerText: string | null;
  votes: number;
  fingerprint: string;
  version: number;
  createdAt: string;
};

type Row = {
  id: number;
  session_id: number;
  agenda_item_id: number | null;
  text: string;
  original_text: string | null;
  author_name: string | null;
  status: StoredStatus;
  reject_reason: string | null;
  merged_into: number | null;
  similar_to: number | null;
  pinned: 0 | 1;
  answered_at_s: number | null;
  answer_text: string | null;
  votes: number;
  client_fingerprint: string;
  version: number;
  created_at: string;
};

const toQuestion = (r: Row): Question => ({
  id: r.id,
  sessionId: r.session_id as SessionId,
  agendaItemId: r.agenda_item_id as AgendaItemId | null,
  text: r.text,
  originalText: r.original_text,
  authorName: r.author_name,
  status: r.status,
  rejectReason: r.reject_reason,
  mergedInto: r.merged_into,
  similarTo: r.similar_to,
  pinned: r.pinned === 1,
  answeredAtSec: r.answered_at_s,
  answerText: r.answer_text,
  votes: r.votes,
  fingerprint: r.client_fingerprint,
  version: r.version,
  createdAt: r.created_at,
});

export type RecentQuestion = Pick<Question, 'id' | 'text' | 'status' | 'mergedInto' | 'fingerprint'>;

/** The fields a moderator action may change; `version` grows by one with each. */
export type QuestionPatch = Partial<
  Pick<Question, 'text' | 'originalText' | 'status' | 'rejectReason' | 'mergedInto' | 'pinned' | 'answeredAtSec' | 'answerText' | 'votes'>
>;

const columns: Record<keyof QuestionPatch, string> = {
  text: 'text',
  originalText: 'original_text',
  status: 'status',
  rejectReason: 'reject_reason',
  mergedInto: 'merged_into',
  pinned: 'pinned',
  answeredAtSec: 'answered_at_s',
  answerText: 'answer_text',
  votes: 'votes',
};

export class QuestionsRepository {
  constructor(private readonly db: Db) {}


  /** Only what a moderator let through: approved and answered, not merged into another. */
  listPublic(sessionId: SessionId): PublicListEntry[] {
    return this
      .db.prepare(
        `SELECT id, text, author_name AS authorName, status, answered_at_s AS answeredAtSec,
                answer_text AS answerText, votes
           FROM questions
          WHERE session_id = ? AND status IN ('approved', 'answered') AND merged_into IS NULL
          ORDER BY votes DESC, id`,
      )
      .all(sessionId) as PublicListEntry[];
  }

  /** The same selection as `listPublic`, as full rows. */
  listVisible(sessionId: SessionId): Question[] {
    return (
      this
        .db.prepare(
          `SELECT * FROM questions
            WHERE session_id = ? AND status IN ('approved', 'answered') AND merged_into IS NULL
            ORDER BY votes DESC, id`,
        )
        .all(sessionId) as Row[]
    ).map(toQuestion);
  }

  /** Everything of a session, for moderators, oldest first. */
  listAll(sessionId: SessionId): Question[] {
    return (this.db.prepare('SELECT * FROM questions WHERE session_id = ? ORDER BY id').all(sessionId) as Row[]).map(toQuestion);
  }

  /** The session's newest questions, with what near-duplicate checks read of them (on every question asked). */
  recent(sessionId: SessionId, limit: number): RecentQuestion[] {
    return this.db.prepare(
      `SELECT id, text, status, merged_into AS mergedInto, client_fingerprint AS fingerprint
       FROM questions WHERE session_id = ? ORDER BY id DESC LIMIT ?`,
    ).all(sessionId, limit) as RecentQuestion[];
  }

  listByFingerprint(sessionId: SessionId, fingerprint: string): Question[] {
    return (
      this
        .db.prepare('SELECT * FROM questions WHERE session_id = ? AND client_fingerprint = ? ORDER BY id DESC LIMIT 100')
        .all(sessionId, fingerprint) as Row[]
    ).map(toQuestion);
  }

  get(id: number): Question | undefined {
    const row = this.db.prepare('SELECT * FROM questions WHERE id = ?').get(id) as Row | undefined;
    return row && toQuestion(row);
  }

  create(input: Pick<Question, 'sessionId' | 'agendaItemId' | 'text' | 'authorName' | 'fingerprint' | 'similarTo'>): Question {
    const id = this
      .db.prepare(
        `INSERT INTO questions (session_id, agenda_item_id, text, author_name, client_fingerprint, similar_to)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(input.sessionId, input.agendaItemId, input.text, input.authorName, input.fingerprint, input.similarTo).lastInsertRowid;
    return this.get(Number(id))!;
  }

  /**
   * Applies `patch` only if the row still has `expectedVersion`; returns the updated row, or undefined when
   * someone changed it first.
   */
  update(id: number, expectedVersion: number, patch: QuestionPatch): Question | undefined {
    const keys = Object.keys(patch) as (keyof QuestionPatch)[];
    const sets = keys.map((k) => `${columns[k]} = ?`);
    const values = keys.map((k) => {
      const v = patch[k];
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    });
    const result = this
      .db.prepare(
        `UPDATE questions SET ${[...sets, 'version = version + 1', "moderated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"].join(', ')}
          WHERE id = ? AND version = ?`,
      )
      .run(...values, id, expectedVersion);
    return result.changes === 1 ? this.get(id) : undefined;
  }

  /** The session's pinned questions other than `exceptId`. */
  pinned(sessionId: SessionId, exceptId: number): Question[] {
    return (
      this.db.prepare('SELECT * FROM questions WHERE session_id = ? AND pinned = 1 AND id != ?').all(sessionId, exceptId) as Row[]
    ).map(toQuestion);
  }

  /** One vote per voter: false when this voter already voted for this question. */
  addVote(questionId: number, voter: string): boolean {
    const inserted = this.db.prepare('INSERT OR IGNORE INTO question_votes (question_id, voter) VALUES (?, ?)').run(questionId, voter);
    if (inserted.changes === 0) return false;
    this.db.prepare('UPDATE questions SET votes = votes + 1 WHERE id = ?').run(questionId);
    return true;
  }

  /** Voters of `fromId` count as voters of `intoId`, so they cannot vote for the merged question again. */
  moveVoters(fromId: number, intoId: number): void {
    this.db.prepare('INSERT OR IGNORE INTO question_votes (question_id, voter, at) SELECT ?, voter, at FROM question_votes WHERE question_id = ?')
      .run(intoId, fromId);
  }

  votedBy(sessionId: SessionId, voter: string): number[] {
    return this
      .db.prepare(
        `SELECT v.question_id FROM question_votes v JOIN questions q ON q.id = v.question_id
          WHERE q.session_id = ? AND v.voter = ?`,
      )
      .pluck()
      .all(sessionId, voter) as number[];
  }
}
