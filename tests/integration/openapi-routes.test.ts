import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../server/core/config.js';
import { listRoutes, type MountedRoute } from '../../server/core/http/route-list.js';
import { createLogger } from '../../server/core/logger.js';
import { startNist, type RunningNist } from '../../server/nist.js';

/**
 * Left out on purpose, each with its reason. Everything else the app mounts must be in docs/openapi.yaml and
 * everything the file documents must be served by a route the app mounts.
 * Not routes at all, and so in neither list: socket.io (`/socket.io/`, attached to the HTTP server, documented
 * in the file's description), the web app's pages and assets (express.static and the SPA fallback).
 */
const documentedButStatic = new Set([
  // The quality ladder's playlists and segments: express.static under /recordings, behind recordingsAccess.
  'GET /recordings/{sessionId}/{rendition}/{file}',
]);
const mountedButUndocumented = new Set<string>([
  // WHIP's PATCH only ever answers 405 (no trickle ICE, as RFC 9725 allows): an operation with no success
  // would break Redocly's recommended rules; the DELETE operation's description says how PATCH answers.
  'PATCH /api/whip/:sessionId/:resourceId',
]);

type Parameter = { name: string; in: string; example?: unknown; schema?: { enum?: unknown[]; type?: unknown; minimum?: number } };
type Operation = { parameters?: Parameter[] };
type PathItem = Record<string, Operation | Parameter[] | undefined> & { parameters?: Parameter[] };
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A URL the operation describes: every path parameter filled with its example, or a value its schema allows. */
function sampleUrl(template: string, parameters: Parameter[]): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = parameters.find((x) => x.in === 'path' && x.name === name);
    if (!p) throw new Error(`${template}: path parameter {${name}} is not declared`);
    const value = p.example ?? p.schema?.enum?.[0] ?? (p.schema?.type === 'integer' ? Math.max(1, p.schema.minimum ?? 1) : 'sample');
    return encodeURIComponent(String(value));
  });
}

let nist: RunningNist;
let routes: MountedRoute[];
let operations: { key: string; method: string; url: string }[];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-openapi-'));
  // Product defaults but free ports (tests run side by side), no log noise, and no demo data: the routes
  // do not depend on data, and the demo recording job would encode video in the background.
  const config = loadConfig({
    DATA_DIR: path.join(dir, 'data'),
    RECORDINGS_DIR: path.join(dir, 'recordings'),
    PORT: '0',
    RTC_PORT: '0',
    LOG_LEVEL: 'silent',
    DEMO_CONTENT: 'false',
  });
  nist = await startNist(config, createLogger(config));
  routes = listRoutes(nist.app);

  const doc = (await SwaggerParser.dereference(path.join(projectRoot, 'docs/openapi.yaml'))) as unknown as { paths: Record<string, PathItem> };
  operations = Object.entries(doc.paths).flatMap(([template, item]) =>
    methods
      .filter((m) => item[m])
      .map((m) => {
        const parameters = [...(item.parameters ?? []), ...((item[m] as Operation).parameters ?? [])];
        return { key: `${m.toUpperCase()} ${template}`, method: m.toUpperCase(), url: sampleUrl(template, parameters) };
      }),
  );
});

afterAll(async () => {
  await nist?.stop();
});

/** The route express would hand the request to: the first in dispatch order with its method and path. */
const servedBy = (method: string, url: string) => routes.find((r) => (r.method === method || r.method === 'ALL') && r.matches(url));

describe('docs/openapi.yaml and the routes the server mounts', () => {
  it('lists the routes from the composed app (a sanity check of the walk itself)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/auth/login', 'PUT /api/clerk/decisions/:id/votes/:memberId', 'GET /feeds/:file']));
    expect(routes.length).toBeGreaterThanOrEqual(60);
    expect(servedBy('GET', '/api/clerk/decisions/7')).toBeUndefined();
    expect(servedBy('DELETE', '/api/clerk/decisions/7')?.path).toBe('/api/clerk/decisions/:id');
    expect(servedBy('GET', '/api/nothing-here')).toBeUndefined();
  });

  it('documents no request the server has no route for', () => {
    const unserved = operations.filter((op) => !servedBy(op.method, op.url)).map((op) => op.key);
    expect(unserved.filter((key) => !documentedButStatic.has(key))).toEqual([]);
    // The exceptions must still be exceptions: a route added for one of them belongs in the check above.
    expect(unserved.filter((key) => documentedButStatic.has(key)).sort()).toEqual([...documentedButStatic].sort());
  });

  it('documents every route the server mounts', () => {
    const documented = new Set(operations.map((op) => servedBy(op.method, op.url)).filter(Boolean));
    const missing = routes.filter((r) => !documented.has(r)).map((r) => `${r.method} ${r.path}`);
    expect(missing.filter((key) => !mountedButUndocumented.has(key))).toEqual([]);
    expect(missing.filter((key) => mountedButUndocumented.has(key)).sort()).toEqual([...mountedButUndocumented].sort());
  });
});
