import type { Db } from '../core/database.js';
import type { BodyId, Lang } from '../core/ids.js';

export type Body = {
  id: BodyId;
  slug: string;
  name: Record<Lang, string>;
  kind: 'council' | 'institution';
};

type Row = { id: number; slug: string; name_hy: string; name_en: string; name_ru: string; kind: Body['kind'] };

const toBody = (r: Row): Body => ({
  id: r.id as BodyId,
  slug: r.slug,
  name: { hy: r.name_hy, en: r.name_en, ru: r.name_ru },
  kind: r.kind,
});

export class BodiesRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<Body, 'id'>): Body {
    const id = this.db
      .prepare('INSERT INTO bodies (slug, name_hy, name_en, name_ru, kind) VALUES (?, ?, ?, ?, ?)')
      .run(input.slug, input.name.hy, input.name.en, input.name.ru, input.kind).lastInsertRowid;
    return { ...input, id: Number(id) as BodyId };
  }

  get(id: BodyId): Body | undefined {
    const row = this.db.prepare('SELECT * FROM bodies WHERE id = ?').get(id) as Row | undefined;
    return row && toBody(row);
  }

  getBySlug(slug: string): Body | undefined {
    const row = this.db.prepare('SELECT * FROM bodies WHERE slug = ?').get(slug) as Row | undefined;
    return row && toBody(row);
  }

  update(id: BodyId, patch: Partial<Omit<Body, 'id'>>): Body | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch, name: { ...current.name, ...patch.name } };
    this.db
      .prepare('UPDATE bodies SET slug = ?, name_hy = ?, name_en = ?, name_ru = ?, kind = ? WHERE id = ?')
      .run(next.slug, next.name.hy, next.name.en, next.name.ru, next.kind, id);
    return next;
  }

  /** Days the body keeps its private recordings (migration 011); null: for ever. */
  retentionDays(id: BodyId): number | null {
    return (this.db.prepare('SELECT retention_days FROM bodies WHERE id = ?').pluck().get(id) as number | null | undefined) ?? null;
  }

  setRetentionDays(id: BodyId, days: number | null): void {
    this.db.prepare('UPDATE bodies SET retention_days = ? WHERE id = ?').run(days, id);
  }

  /** Whether anything keeps the body from being deleted (its sessions are the public record). */
  sessionCount(id: BodyId): number {
    return this.db.prepare('SELECT count(*) FROM sessions WHERE body_id = ?').pluck().get(id) as number;
  }

  delete(id: BodyId): boolean {
    return this.db.prepare('DELETE FROM bodies WHERE id = ?').run(id).changes > 0;
  }

  list(): Body[] {
    return (this.db.prepare('SELECT * FROM bodies ORDER BY kind, name_hy').all() as Row[]).map(toBody);
  }
}
