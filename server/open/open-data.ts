import type { AgendaRow, CaptionRow, DecisionRow, DocumentRow, EventRow, OrganizationRow, PersonRow, VoteRow } from './open.repository.js';

/**
 * Nist's civic record in the shape of Open Civic Data (https://open-civic-data.readthedocs.io): organizations,
 * people (with memberships), events with agenda items and media, bills (a council's decisions) and vote events
 * (their roll calls). Names follow OCD; values Nist has no equivalent for are left out rather than invented.
 * The JSON Schemas of these objects are in docs/openapi.yaml (components OcdOrganization … OcdVoteEvent).
 */
type Ref = { id: string; name: string };
type Link = { url: string; media_type?: string; note?: string };

export const ocdTimezone = 'Asia/Yerevan';

/** The open-data choices for a roll call, from Nist's. */
export const voteOption = { for: 'yes', against: 'no', abstain: 'abstain', absent: 'absent' } as const;
const outcomeAction = { adopted: 'passage', rejected: 'failure', postponed: 'deferral' } as const;
const eventStatus = { scheduled: 'confirmed', live: 'confirmed', ended: 'passed' } as const;

export function organization(row: OrganizationRow, site: string) {
  return {
    id: row.ocd_id,
    name: row.name_hy,
    other_names: [
      { name: row.name_en, note: 'en' },
      { name: row.name_ru, note: 'ru' },
    ],
    classification: row.kind === 'council' ? 'legislature' : 'institution',
    identifiers: [{ scheme: 'nist-slug', identifier: row.slug }],
    sources: [{ url: `${site}/bodies/${row.slug}` }],
  };
}

export function person(row: PersonRow) {
  return {
    id: row.ocd_id,
    name: row.name,
    memberships: [
      {
        organization: { id: row.body_ocd_id, name: row.body_name },
        role: row.role,
        start_date: row.term_start ?? '',
        end_date: row.term_end ?? '',
      },
    ],
  };
}

export type EventParts = { agenda: AgendaRow[]; decisions: DecisionRow[]; documents: DocumentRow[]; captions: CaptionRow[] };

export function event(row: EventRow, parts: EventParts, site: string) {
  const hls = row.hls_path ? `${site}/recordings/${row.hls_path}` : null;
  const billOf = new Map<number, DecisionRow[]>();
  for (const d of parts.decisions) if (d.agenda_item_id !== null) billOf.set(d.agenda_item_id, [...(billOf.get(d.agenda_item_id) ?? []), d]);
  return {
    id: row.ocd_id,
    name: row.title,
    classification: row.kind === 'council' ? 'council-session' : 'meeting',
    start_date: row.starts_at,
    ...(row.duration_s !== null && row.recording_status === 'ready' ? { end_date: new Date(Date.parse(row.starts_at) + row.duration_s * 1000).toISOString() } : {}),
    timezone: ocdTimezone,
    status: eventStatus[row.status],
    location: { name: row.location },
    participants: [{ entity_type: 'organization', entity_id: row.body_ocd_id, entity_name: row.body_name, note: 'host' }],
    agenda: parts.agenda.map((a) => ({
      order: a.number || String(a.position),
      description: a.title,
      notes: [a.description, a.presenter && `presenter: ${a.presenter}`].filter(Boolean),
      related_entities: (billOf.get(a.id) ?? []).map((d) => ({ entity_type: 'bill', entity_id: d.ocd_id, entity_name: d.title, note: d.number })),
      media:
        hls && a.start_s !== null
          ? [{ name: a.title, type: 'recording', offset: a.start_s, links: [{ media_type: 'application/vnd.apple.mpegurl', url: `${hls}#t=${Math.floor(a.start_s)}` }] }]
          : [],
    })),
    media: hls
      ? [
          {
            name: row.title,
            type: 'recording',
            date: row.starts_at,
            links: [
              { media_type: 'application/vnd.apple.mpegurl', url: hls } as Link,
              ...parts.captions.map((c): Link => ({ media_type: 'text/vtt', url: `${site}/recordings/${c.vtt_path}`, note: `captions ${c.lang}` })),
            ],
          },
        ]
      : [],
    documents: parts.documents.map((d) => ({ note: d.title, classification: d.kind, links: [{ media_type: d.mime, url: `${site}/api/documents/${d.id}` }] })),
    sources: [{ url: `${site}/sessions/${row.id}` }],
  };
}

export function bill(row: DecisionRow, site: string) {
  const org: Ref = { id: row.body_ocd_id, name: row.body_name };
  return {
    id: row.ocd_id,
    identifier: row.number,
    title: row.title,
    classification: ['resolution'],
    from_organization: org,
    abstracts: row.text ? [{ abstract: row.text, note: 'text' }] : [],
    actions: [{ description: row.outcome, date: row.created_at ?? row.starts_at, classification: [outcomeAction[row.outcome]], organization: org }],
    related_event: { id: row.event_ocd_id, name: row.event_title, start_date: row.starts_at },
    sources: [{ url: `${site}/sessions/${row.session_id}` }],
  };
}

export function voteEvent(row: DecisionRow, votes: VoteRow[], site: string) {
  const counts = (['yes', 'no', 'abstain', 'absent'] as const).map((option) => ({ option, value: votes.filter((v) => voteOption[v.choice] === option).length }));
  return {
    id: row.vote_ocd_id,
    identifier: row.number,
    motion_text: row.title,
    motion_classification: ['passage'],
    start_date: row.created_at ?? row.starts_at,
    result: row.outcome === 'adopted' ? 'pass' : 'fail',
    organization: { id: row.body_ocd_id, name: row.body_name },
    bill: { id: row.ocd_id, identifier: row.number },
    event: { id: row.event_ocd_id, name: row.event_title },
    counts,
    votes: votes.map((v) => ({ option: voteOption[v.choice], voter_name: v.member_name, voter_id: v.member_ocd_id })),
    sources: [{ url: `${site}/sessions/${row.session_id}` }],
  };
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a formula's lead character defused. */
function field(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  // Spreadsheets run a cell that starts with = + - @ as a formula (CSV injection): prefix such text with '.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document with a header row, CRLF line ends and a UTF-8 byte-order mark (spreadsheets read Armenian right). */
export function csv(header: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

export function billsCsv(rows: DecisionRow[], votes: VoteRow[]): string {
  const tally = (id: number, choice: VoteRow['choice']) => votes.filter((v) => v.decision_id === id && v.choice === choice).length;
  return csv(
    ['bill_id', 'identifier', 'title', 'outcome', 'organization_id', 'organization', 'event_id', 'event', 'date', 'yes', 'no', 'abstain', 'absent'],
    rows.map((d) => [d.ocd_id, d.number, d.title, d.outcome, d.body_ocd_id, d.body_name, d.event_ocd_id, d.event_title, d.starts_at, tally(d.id, 'for'), tally(d.id, 'against'), tally(d.id, 'abstain'), tally(d.id, 'absent')]),
  );
}

export function votesCsv(rows: DecisionRow[], votes: VoteRow[]): string {
  const byId = new Map(rows.map((d) => [d.id, d]));
  return csv(
    ['vote_event_id', 'bill_id', 'identifier', 'title', 'result', 'event_id', 'date', 'voter_id', 'voter_name', 'option'],
    votes.map((v) => {
      const d = byId.get(v.decision_id)!;
      return [d.vote_ocd_id, d.ocd_id, d.number, d.title, d.outcome === 'adopted' ? 'pass' : 'fail', d.event_ocd_id, d.starts_at, v.member_ocd_id, v.member_name, voteOption[v.choice]];
    }),
  );
}
