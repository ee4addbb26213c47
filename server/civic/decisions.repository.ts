import type { Db } from '../core/database.js';
import type { AgendaItemId, MemberId, SessionId } from '../core/ids.js';

export type Outcome = 'adopted' | 'rejected' | 'postponed';
export type VoteChoice = 'for' | 'against' | 'abstain' | 'absent';
export type Tally = Record<VoteChoice, number>;

export type Decision = {
  id: number;
  sessionId: SessionId;
  agendaItemId: AgendaItemId | null;
  number: string;
  title: string;
  text: string;
  outcome: Outcome;
};

export type DecisionWithTally = Omit<Decision, 'sessionId'> & { votes: Tally };
export type RollCallEntry = { memberId: MemberId; name: string; choice: VoteChoice };

type Row = Omit<DecisionWithTally, 'votes'> & { v_for: number; v_against: number; v_abstain: number; v_absent: number };

const columns = `id, session_id AS sessionId, agenda_item_id AS agendaItemId, number, title, text, outcome`;

export class DecisionsRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<Decision, 'id'>): Decision {
    const id = this.db
      .prepare(
        `INSERT INTO decisions (session_id, agenda_item_id, number, title, text, outcome, created_at)
         VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      )
      .run(input.sessionId, input.agendaItemId, input.number, input.title, input.text, input.outcome).lastInsertRowid;
    return { ...input, id: Number(id) };
  }

  get(id: number): Decision | undefined {
    return this.db.prepare(`SELECT ${columns} FROM decisions WHERE id = ?`).get(id) as Decision | undefined;
  }

  update(id: number, patch: Partial<Omit<Decision, 'id' | 'sessionId'>>): Decision | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE decisions SET agenda_item_id = ?, number = ?, title = ?, text = ?, outcome = ? WHERE id = ?')
      .run(next.agendaItemId, next.number, next.title, next.text, next.outcome, id);
    return next;
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM decisions WHERE id = ?').run(id).changes > 0;
  }

  /** Records (or changes) members' votes; the caller has checked the members belong to the roll call. */
  setVotes(decisionId: number, votes: readonly { memberId: MemberId; choice: VoteChoice }[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO votes (decision_id, member_id, choice) VALUES (?, ?, ?)
       ON CONFLICT (decision_id, member_id) DO UPDATE SET choice = excluded.choice`,
    );
    for (const v of votes) upsert.run(decisionId, v.memberId, v.choice);
  }

  clearVotes(decisionId: number): void {
    this.db.prepare('DELETE FROM votes WHERE decision_id = ?').run(decisionId);
  }

  rollCall(decisionId: number): RollCallEntry[] {
    return this.db
      .prepare(
        `SELECT v.member_id AS memberId, m.name, v.choice FROM votes v JOIN members m ON m.id = v.member_id
          WHERE v.decision_id = ? ORDER BY m.name`,
      )
      .all(decisionId) as RollCallEntry[];
  }

  /** Every roll call of a session's decisions at once (the session page shows them all). */
  rollCallsOfSession(sessionId: SessionId): Map<number, RollCallEntry[]> {
    const rows = this.db
      .prepare(
        `SELECT v.decision_id AS decisionId, v.member_id AS memberId, m.name, v.choice
           FROM votes v JOIN members m ON m.id = v.member_id JOIN decisions d ON d.id = v.decision_id
          WHERE d.session_id = ? ORDER BY m.name`,
      )
      .all(sessionId) as (RollCallEntry & { decisionId: number })[];
    const byDecision = new Map<number, RollCallEntry[]>();
    for (const { decisionId, ...entry } of rows) {
      const list = byDecision.get(decisionId) ?? [];
      list.push(entry);
      byDecision.set(decisionId, list);
    }
    return byDecision;
  }

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
