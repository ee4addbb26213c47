import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions } from '../../../web/src/pages/console/audit/audit-format.js';

const serverDir = path.resolve(import.meta.dirname, '../../../server');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

/** Every action name the server writes to the audit log, read from its source. */
function writtenActions(): Set<string> {
  const found = new Set<string>();
  for (const text of sources(serverDir)) {
    for (const m of text.matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/this\.audit\(actor, '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    // The audit trail as other features write it (server/accounts/audit-log.ts): `audit.record(actor, 'x.y', …)`.
    for (const m of text.matchAll(/\.record\([\w.]+, '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    // ClerkService names a visibility change after its direction: session.publish or session.hide.
    for (const m of text.matchAll(/`session\.\$\{[^`]*'([a-z]+)' : '([a-z]+)'\}`/g)) found.add(`session.${m[1]}`).add(`session.${m[2]}`);
  }
  // Moderation writes `question.<action>` for every ModerationAction.
  const schema = fs.readFileSync(path.join(serverDir, 'questions/questions.contract.ts'), 'utf8');
  const union = /export type ModerationAction = ([^;]+);/.exec(schema)![1]!;
  for (const m of union.matchAll(/'([a-z]+)'/g)) found.add(`question.${m[1]}`);
  return found;
}

describe('audit log labels', () => {
  it('has a human label for every action the server writes', () => {
    const written = writtenActions();
    expect(written.size).toBeGreaterThanOrEqual(40);
    expect(written).toContain('question.approve');
    expect(written).toContain('session.hide');
    expect([...written].filter((a) => !(a in auditActions)).sort()).toEqual([]);
  });
});
