import type { SearchItem } from '@server/civic/civic.contract';
import type { PublicMember } from '@server/civic/console.contract';
import { getJson } from '../api';
import type { Lang } from '../i18n/i18n.svelte';

export function search(q: string, lang: Lang, signal?: AbortSignal): Promise<{ items: SearchItem[] }> {
  return getJson('/api/search', { q, lang, limit: 20 }, signal);
}

export type BodyItem = { id: number; slug: string; name: string; kind: string };

export function listBodies(lang: Lang, signal?: AbortSignal): Promise<{ items: BodyItem[]; years: number[] }> {
  return getJson('/api/bodies', { lang }, signal);
}

/** The members in office today of a body. */
export function listMembers(slug: string, signal?: AbortSignal): Promise<{ items: PublicMember[] }> {
  return getJson(`/api/bodies/${encodeURIComponent(slug)}/members`, {}, signal);
}

/** The link to a moment of a session: `/sessions/12?t=95`. */
export const momentHref = (sessionId: number, startSec: number | null) =>
  startSec === null ? `/sessions/${sessionId}` : `/sessions/${sessionId}?t=${Math.floor(startSec)}`;
