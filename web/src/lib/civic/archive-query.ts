import type { SessionSummary } from '@server/civic/sessions.contract';
import { yerevanYear } from '../i18n/formatters';

/** The archive's state, kept in the URL so a search can be shared and bookmarked. */
export type ArchiveQuery = { q: string; body: string; year: number | null; kind?: 'council' | 'meeting' | ''; page: number };

// Same bounds as the server's listSessionsQuerySchema: a hand-edited URL should not turn into a 400.
const slugPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const maxQueryLength = 200;

function intInRange(raw: string | null, min: number, max: number): number | null {
  if (raw === null || !/^\d{1,5}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

export function parseArchiveQuery(params: URLSearchParams): ArchiveQuery {
  const body = params.get('body') ?? '';
  return {
    q: (params.get('q') ?? '').trim().slice(0, maxQueryLength),
    body: slugPattern.test(body) ? body : '',
    year: intInRange(params.get('year'), 1990, 2100),
    kind: params.get('kind') === 'council' || params.get('kind') === 'meeting' ? (params.get('kind') as 'council' | 'meeting') : '',
    page: intInRange(params.get('page'), 1, 10_000) ?? 1,
  };
}

export function archiveHref(query: Partial<ArchiveQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.body) params.set('body', query.body);
  if (query.year) params.set('year', String(query.year));
  if (query.kind) params.set('kind', query.kind);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `/archive?${search}` : '/archive';
}

export type ArchiveFacets = { bodies: { slug: string; name: string }[]; years: number[] };

/** Filter choices drawn from the sessions themselves (the API has no list of bodies yet). */
export function collectFacets(items: readonly SessionSummary[], now = new Date()): ArchiveFacets {
  const bodies = new Map<string, string>();
  let first = yerevanYear(now.toISOString());
  let last = first;
  for (const item of items) {
    bodies.set(item.body.slug, item.body.name);
    const year = yerevanYear(item.startsAt);
    first = Math.min(first, year);
    last = Math.max(last, year);
  }
  const years: number[] = [];
  for (let year = last; year >= first; year -= 1) years.push(year);
  return {
    bodies: [...bodies].map(([slug, name]) => ({ slug, name })).sort((a, b) => a.name.localeCompare(b.name)),
    years,
  };
}
