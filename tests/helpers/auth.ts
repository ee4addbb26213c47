import fs from 'node:fs';
import path from 'node:path';

/** Logs in through the real API; returns the cookie header and CSRF token to use on later requests. */
export type Login = { cookie: string; csrfToken: string; account: { id: number; username: string; roles: { role: string; bodyId: number | null }[] } };

/** A started server: where it answers and its DATA_DIR (a TestServer). */
export type ServerRef = { url: string; dataDir: string };

/** The demo accounts the server made at seeding, from its DATA_DIR/demo-accounts.json. */
export function demoAccounts(server: Pick<ServerRef, 'dataDir'>): { username: string; password: string }[] {
  const file = path.join(server.dataDir, 'demo-accounts.json');
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: was the server started with DEMO_CONTENT (the default)?`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { username: string; password: string }[];
}

/** The password a demo account got at seeding. */
export function demoPassword(server: Pick<ServerRef, 'dataDir'>, username: string): string {
  const found = demoAccounts(server).find((a) => a.username === username);
  if (!found) throw new Error(`${username} is not a demo account of ${server.dataDir}`);
  return found.password;
}

/** Logs in as `username`, with its demo password unless another is given. */
export async function login(server: ServerRef, username: string, password = demoPassword(server, username)): Promise<Login> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; account: Login['account'] };
  return { cookie, csrfToken: body.csrfToken, account: body.account };
}

/** fetch with a login's cookie and CSRF token; JSON in and out. */
export async function call(
  baseUrl: string,
  auth: Login | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (auth) {
    headers.cookie = auth.cookie;
    headers['x-csrf-token'] = auth.csrfToken;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
