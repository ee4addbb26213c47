import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, readMigrations } from '../../../../server/core/database.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 005 (interrupted recordings)', () => {
  it('rebuilds recordings without losing them or their renditions, chapters and captions, and keeps foreign keys on', () => {
    const file = path.join(dir, 'nist.db');
    const old = openDatabase(file, readMigrations().filter((m) => m.version < 5));
    old.exec(`
      INSERT INTO bodies (id, slug, name_hy, name_en, name_ru, kind) VALUES (1, 'c', 'Ա', 'A', 'А', 'council');
      INSERT INTO sessions (id, body_id, kind, title, starts_at, status) VALUES (7, 1, 'council', 'S', '2026-01-01T10:00:00Z', 'live');
      INSERT INTO agenda_items (id, session_id, position, number, title) VALUES (3, 7, 1, '1', 'Budget');
      INSERT INTO recordings (id, session_id, status, duration_s, started_at, hls_path, source_sha256)
        VALUES (5, 7, 'ready', 12.5, '2026-01-01T10:00:00Z', '7/master.m3u8', 'abc');
      INSERT INTO renditions (recording_id, height, bandwidth, playlist_path) VALUES (5, 360, 800000, '7/360p/index.m3u8');
      INSERT INTO chapters (recording_id, agenda_item_id, start_s) VALUES (5, 3, 4);
      INSERT INTO captions (recording_id, lang, vtt_path) VALUES (5, 'hy', '7/captions/hy.vtt');
    `);
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT id, status, reason, duration_s, source_sha256 FROM recordings').all()).toEqual([
      { id: 5, status: 'ready', reason: null, duration_s: 12.5, source_sha256: 'abc' },
    ]);
    expect(db.prepare('SELECT count(*) FROM renditions').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM chapters').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM captions').pluck().get()).toBe(1);
    expect(db.prepare('SELECT interrupted_at FROM sessions WHERE id = 7').pluck().get()).toBeNull();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    db.prepare("UPDATE recordings SET status = 'interrupted', reason = 'disk_full' WHERE id = 5").run();
    expect(() => db.prepare("UPDATE recordings SET reason = 'bored' WHERE id = 5").run()).toThrow(/CHECK/);
    // The children still point at the rebuilt table: deleting the recording cascades to them.
    db.prepare('DELETE FROM recordings WHERE id = 5').run();
    expect(db.prepare('SELECT count(*) FROM renditions').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM chapters').pluck().get()).toBe(0);
    db.close();
  });
});
