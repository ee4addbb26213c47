/**
 * The studio's calls to `/api/sessions/:id/stream-key` (docs/openapi.yaml): whether a key is active, the
 * encoder addresses, the encoder on air; create (the key is in this answer only) and revoke.
 */

/** What the server says of the encoder on air (server/live/rtmp-ingest.ts `EncoderStatus`). */
export type EncoderStatus = {
  protocol: string;
  address: string;
  /** The encoder's peer in the session's room: its producers carry it (the preview consumes them). */
  peerId?: string;
  onAirSince: string | null;
  video: { codec: string; profile: string | null; bFrames: boolean; transcoded: boolean } | null;
  audio: { codec: string } | null;
  bitrateKbps: number;
};

export type EncoderUrls = { rtmpUrl: string | null; whipUrl: string };
export type KeyState = EncoderUrls & { active: boolean; createdAt: string | null; encoder?: EncoderStatus | null };
export type CreatedKey = EncoderUrls & { key: string; createdAt: string };

async function csrfToken(): Promise<string | null> {
  const me = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } }).catch(() => null);
  if (!me?.ok) return null;
  return ((await me.json().catch(() => null)) as { csrfToken?: string } | null)?.csrfToken ?? null;
}

async function send<T>(sessionId: number, method: 'GET' | 'POST' | 'DELETE'): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    const token = await csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const res = await fetch(`/api/sessions/${sessionId}/stream-key`, { method, headers });
  const body = (await res.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export const streamKeyApi = {
  state: (sessionId: number) => send<KeyState>(sessionId, 'GET'),
  create: (sessionId: number) => send<CreatedKey>(sessionId, 'POST'),
  revoke: (sessionId: number) => send<{ revoked: boolean }>(sessionId, 'DELETE'),
};
