import type { Db } from './database.js';
import type { BodyId, MemberId } from '../domain/ids.js';

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

  listByBody(bodyId: BodyId): Member[] {
    return (this.db.prepare('SELECT * FROM members WHERE body_id = ? ORDER BY name').all(bodyId) as Row[]).map(
      toMember,
    );
  }
}
