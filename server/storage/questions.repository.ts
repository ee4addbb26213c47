import type { Db } from './database.js';
import type { SessionId } from '../domain/ids.js';

export type PublicQuestion = {
  id: number;
  text: string;
  authorName: string | null;
  status: 'approved' | 'answered';
  answeredAtSec: number | null;
  answerText: string | null;
  votes: number;
};

export class QuestionsRepository {
  constructor(private readonly db: Db) {}

  /** Only what a moderator let through: approved and answered, not merged into another. */
  listPublic(sessionId: SessionId): PublicQuestion[] {
    return this.db
      .prepare(
        `SELECT id, text, author_name AS authorName, status, answered_at_s AS answeredAtSec,
                answer_text AS answerText, votes
           FROM questions
          WHERE session_id = ? AND status IN ('approved', 'answered') AND merged_into IS NULL
          ORDER BY votes DESC, id`,
      )
      .all(sessionId) as PublicQuestion[];
  }
}
