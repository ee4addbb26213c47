import type { Db } from '../core/database.js';
import type { BodyId, MemberId } from '../core/ids.js';

export type Member = {
  id: MemberId;
  bodyId: BodyId;
  name: string;
  role: string;
  termStart: string | null;
  termEnd: string | null;
};

type Row = { id: number; body_id: number; name: string; role: string; term_start: string | null; term_end: string | null };

const toMember = (r: Row): Member => ({
  id: r.id as MemberId,
  bodyId: r.body_id as BodyId,
  name: r.name,
  role: r.role,
  termStart: r.term_start,
  termEnd: r.term_end,
});

export class MembersRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<Member, 'id'>): Member {
    const id = this.db
      .prepare('INSERT INTO members (body_id, name, role, term_start, term_end) VALUES (?, ?, ?, ?, ?)')
      .run(input.bodyId, input.name, input.role, input.termStart, input.termEnd).lastInsertRowid;
    return { ...input, id: Number(id) as MemberId };
  }

  get(id: MemberId): Member | undefined {
    const row = this.db.prepare('SELECT * FROM members WHERE id = ?').get(id) as Row | undefined;
    return row && toMember(row);
  }

  update(id: MemberId, patch: Partial<Omit<Member, 'id' | 'bodyId'>>): Member | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE members SET name = ?, role = ?, term_start = ?, term_end = ? WHERE id = ?')
      .run(next.name, next.role, next.termStart, next.termEnd, id);
    return next;
  }

  voteCount(id: MemberId): number {
    return this.db.prepare('SELECT count(*) FROM votes WHERE member_id = ?').pluck().get(id) as number;
  }

  delete(id: MemberId): boolean {
    return this.db.prepare('DELETE FROM members WHERE id = ?').run(id).changes > 0;
  }

  /** Members whose term covers `date` (YYYY-MM-DD): they make up the roll call of a session on that day. */
  listInOffice(bodyId: BodyId, date: string): Member[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM members WHERE body_id = ?
              AND (term_start IS NULL OR term_start <= ?) AND (term_end IS NULL OR term_end >= ?)
            ORDER BY name`,
        )
        .all(bodyId, date, date) as Row[]
    ).map(toMember);
  }

  listByBody(bodyId: BodyId): Member[] {
    return (this.db.prepare('SELECT * FROM members WHERE body_id = ? ORDER BY name').all(bodyId) as Row[]).map(
      toMember,
    );
  }
}
