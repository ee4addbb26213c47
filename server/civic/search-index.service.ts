import type { SessionId } from '../core/ids.js';
import type { SearchRepository } from './search.repository.js';

/** A record another feature keeps that residents find by search: a question on the public list. */
export type ListedQuestion = { id: number; sessionId: SessionId; text: string; answerText: string | null; answeredAtSec: number | null };

/**
 * The civic search index as other features write to it, inside their own transaction (the index is the civic
 * record's; a feature never writes its repository directly).
 */
export class SearchIndexService {
  constructor(private readonly search: Pick<SearchRepository, 'upsert' | 'remove'>) {}

  /** A question is found while it is on the public list, with its answer and the moment it was given. */
  question(q: ListedQuestion, listed: boolean): void {
    if (!listed) return this.search.remove('question', q.id);
    this.search.upsert({ kind: 'question', refId: q.id, sessionId: q.sessionId, title: q.text, body: q.answerText ?? '', startSec: q.answeredAtSec });
  }
}
