import type { SearchItem } from '@server/civic/civic.contract';
import type { PublicMember } from '@server/civic/console.contract';
import { ApiError } from '../api';
import type { Lang } from '../i18n/i18n.svelte';

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code: ApiError['code']; message: string } } | undefined;
  if (response.ok && body) return body as T;
  throw new ApiError(response.status, body?.error?.code ?? 'unexpected', body?.error?.message ?? `Status ${response.status}`);
}

export function search(q: string, lang: Lang, signal?: AbortSignal): Promise<{ items: SearchItem[] }> {
  return getJson(`/api/search?${new URLSearchParams({ q, lang, limit: '20' })}`, signal);
}

export type BodyItem = { id: number; slug: string; name: string; kind: string };

export function listBodies(lang: Lang, signal?: AbortSignal): Promise<{ items: BodyItem[]; years: number[] }> {
  return getJson(`/api/bodies?lang=${lang}`, signal);
}

/** The members in office today of a body. */
export function listMembers(slug: string, signal?: AbortSignal): Promise<{ items: PublicMember[] }> {
  return getJson(`/api/bodies/${encodeURIComponent(slug)}/members`, signal);
}

/** The link to a moment of a session: `/sessions/12?t=95`. */
export const momentHref = (sessionId: number, startSec: number | null) =>
  startSec === null ? `/sessions/${sessionId}` : `/sessions/${sessionId}?t=${Math.floor(startSec)}`;
