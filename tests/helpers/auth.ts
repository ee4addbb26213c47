/** Logs in through the real API; returns the cookie header and CSRF token to use on later requests. */
export type Login = { cookie: string; csrfToken: string; account: { id: number; username: string; roles: { role: string; bodyId: number | null }[] } };

export const demoPassword = (username: string) => `demo-${username}-2026`;

export async function login(baseUrl: string, username: string, password = demoPassword(username)): Promise<Login> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
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
