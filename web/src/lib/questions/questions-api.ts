import type { AskQuestionBody, AskQuestionReply, OwnQuestion, PublicQuestion } from '@server/questions/questions.contract';
import { clientIdHeader } from '@server/questions/questions.constants';
import { ApiError } from '../api';

const clientKey = 'nist.client';
let memoryClientId: string | null = null;

/**
 * This browser's random id: how the server counts "once per browser" without an account. It is kept in
 * localStorage (or for this visit only, where storage is off) and sent as a header and in the socket handshake.
 */
export function clientId(): string {
  try {
    const stored = window.localStorage.getItem(clientKey);
    if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
    const fresh = randomId();
    window.localStorage.setItem(clientKey, fresh);
    return fresh;
  } catch {
    return (memoryClientId ??= randomId());
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A staff member logged in on this browser asks as anyone else, but their login cookie makes the server
 * want its CSRF token: on that refusal, fetch the token once and send again.
 */
async function csrfToken(): Promise<string | null> {
  const me = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } }).catch(() => null);
  if (!me?.ok) return null;
  return ((await me.json().catch(() => null)) as { csrfToken?: string } | null)?.csrfToken ?? null;
}

async function send<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal, csrf?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: {
        Accept: 'application/json',
        [clientIdHeader]: clientId(),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.status === 403 && method !== 'GET' && !csrf) {
    const token = await csrfToken();
    if (token) return send<T>(method, path, body, signal, token);
  }
  const parsed = (await response.json().catch(() => undefined)) as { error?: { code: never; message: string } } | undefined;
  if (response.ok && parsed !== undefined) return parsed as T;
  if (parsed?.error) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, parsed.error.code, parsed.error.message, retryAfter > 0 ? retryAfter : null);
  }
  throw new ApiError(response.status, 'unexpected', `Unexpected answer with status ${response.status}.`);
}

export const askQuestion = (sessionId: number, body: AskQuestionBody) =>
  send<AskQuestionReply>('POST', `/api/sessions/${sessionId}/questions`, body);

export const listQuestions = (sessionId: number, signal?: AbortSignal) =>
  send<{ items: PublicQuestion[] }>('GET', `/api/sessions/${sessionId}/questions`, undefined, signal);

export const myQuestions = (sessionId: number, signal?: AbortSignal) =>
  send<{ items: OwnQuestion[]; voted: number[] }>('GET', `/api/sessions/${sessionId}/questions/mine`, undefined, signal);
