import type { ErrorCode, Issue } from '@server/core/common.contract';
import type { ListSessionsQuery, SessionDetail, SessionList } from '@server/civic/sessions.contract';
import type { Lang } from './i18n/i18n.svelte';

/** `network`: no answer at all; `unexpected`: an answer that is not the API's JSON. */
export type ApiErrorCode = ErrorCode | 'network' | 'unexpected';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly retryAfterSec: number | null = null,
    /** A validation failure's problems field by field (path joined with dots, as the server's Error schema). */
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
  }
}

type QueryValue = string | number | undefined | null;

/** The issues of an error body, when they have the documented shape; anything else is left out. */
export function issuesOf(error: { issues?: unknown }): Issue[] {
  if (!Array.isArray(error.issues)) return [];
  return error.issues.filter(
    (i): i is Issue => typeof i === 'object' && i !== null && typeof i.path === 'string' && typeof i.message === 'string' && typeof i.code === 'string',
  );
}

export function isErrorBody(value: unknown): value is { error: { code: ErrorCode; message: string; issues?: unknown } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** `fetch`, with no answer at all as an ApiError (`network`); an abort stays an abort. */
export async function fetchApi(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
}

/** An answer of the API: its JSON (nothing for 204), or an ApiError with the error body's code, message and issues. */
export async function readReply<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && body !== undefined) return body as T;
  if (isErrorBody(body)) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, body.error.code, body.error.message, retryAfter > 0 ? retryAfter : null, issuesOf(body.error));
  }
  throw new ApiError(response.status, 'unexpected', `Unexpected answer with status ${response.status}.`);
}

/** A GET of the public API: its JSON, or an ApiError. */
export async function getJson<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return readReply<T>(await fetchApi(search ? `${path}?${search}` : path, { headers: { Accept: 'application/json' }, signal }));
}

export type SessionListParams = Partial<Omit<ListSessionsQuery, 'lang'>> & { lang: Lang };

export function listSessions(params: SessionListParams, signal?: AbortSignal): Promise<SessionList> {
  return getJson<SessionList>('/api/sessions', params, signal);
}

export function getSession(id: number, lang: Lang, signal?: AbortSignal): Promise<SessionDetail> {
  return getJson<SessionDetail>(`/api/sessions/${id}`, { lang }, signal);
}

/** Any thrown value as an ApiError, so error states have one shape to show. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'unexpected', error instanceof Error ? error.message : String(error));
}
