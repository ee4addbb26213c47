import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { socketContracts } from '../../../../server/core/socket/namespaces.js';

/** Every .ts file under `dir`. */
function sources(dir: string, ext = ['.ts']): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full, ext);
    return ext.some((e) => full.endsWith(e)) && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const server = sources(path.resolve('server')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const web = sources(path.resolve('web/src'), ['.ts', '.svelte']).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('socket contracts: one table per namespace, both ends derived from it', () => {
  it('names every namespace once and every request and event once per namespace', () => {
    const names = socketContracts.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['/live', '/questions', '/civic', '/jobs', '/alarms', '/captions']);
    for (const c of socketContracts) {
      for (const key of Object.keys(c.requests)) expect(key).toMatch(/^[a-z-]+:[a-z-]+$/);
      for (const key of Object.keys(c.events)) expect(key).toMatch(/^[a-z-]+:[a-z-]+$/);
    }
  });

  it('registers socket requests only through the tables (no handler for a name outside them)', () => {
    for (const { file, text } of server) {
      if (file.endsWith(path.join('core', 'socket', 'ack.ts'))) continue;
      // The one way in: contractRegistrar(table, socket, log); only the table's names type-check there.
      expect(text, file).not.toMatch(/\bonRequest\(|requestRegistrar\(/);
      // No listener for a client event besides socket.io's own.
      for (const m of text.matchAll(/\bsocket\.(?:on|once)\(\s*'([^']+)'/g)) expect(['disconnect', 'disconnecting', 'error'], `${file}: ${m[1]}`).toContain(m[1]);
    }
  });

  it('sends every event of a table from the server', () => {
    const code = server.filter(({ file }) => !file.endsWith('.contract.ts')).map(({ text }) => text).join('\n');
    for (const c of socketContracts) {
      for (const event of Object.keys(c.events)) expect(code, `${c.name} ${event}`).toContain(`'${event}'`);
    }
  });

  it('opens sockets in the web app only through lib/socket.ts (one Manager per page)', () => {
    for (const { file, text } of web) {
      if (file.endsWith(path.join('lib', 'socket.ts')) || file.endsWith('socket-options.ts')) continue;
      expect(text, file).not.toMatch(/from 'socket\.io-client'|import\('socket\.io-client'\)/);
    }
  });
});
