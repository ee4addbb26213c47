import type { Db } from './database.js';
import type { SessionId } from '../domain/ids.js';

export type DecisionWithTally = {
  id: number;
  agendaItemId: number | null;
  number: string;
  title: string;
  text: string;
  outcome: 'adopted' | 'rejected' | 'postponed';
  votes: { for: number; against: number; abstain: number; absent: number };
};

type Row = Omit<DecisionWithTally, 'votes'> & { v_for: number; v_against: number; v_abstain: number; v_absent: number };

export class DecisionsRepository {
  constructor(private readonly db: Db) {}

  listBySession(sessionId: SessionId): DecisionWithTally[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.agenda_item_id AS agendaItemId, d.number, d.title, d.text, d.outcome,
                count(CASE WHEN v.choice = 'for' THEN 1 END) AS v_for,
                count(CASE WHEN v.choice = 'against' THEN 1 END) AS v_against,
                count(CASE WHEN v.choice = 'abstain' THEN 1 END) AS v_abstain,
                count(CASE WHEN v.choice = 'absent' THEN 1 END) AS v_absent
           FROM decisions d LEFT JOIN votes v ON v.decision_id = d.id
          WHERE d.session_id = ?
          GROUP BY d.id ORDER BY d.id`,
      )
      .all(sessionId) as Row[];
    return rows.map(({ v_for, v_against, v_abstain, v_absent, ...d }) => ({
      ...d,
      votes: { for: v_for, against: v_against, abstain: v_abstain, absent: v_absent },
    }));
  }
}
