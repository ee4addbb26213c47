import { z } from 'zod';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';
import { idSchema, langSchema } from '../core/common.contract.js';

/** Contracts of the civic record: the clerk console's REST bodies, search, and the live-agenda socket events. */

const text = (what: string, max: number) =>
  z.string({ message: `expected ${what} as text` }).trim().max(max, { message: `${what} has at most ${max} characters` });
const required = (what: string, max: number) => text(what, max).min(1, { message: `${what} is empty` });

export const slugSchema = z
  .string({ message: 'expected a slug' })
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'a slug uses lowercase Latin letters, digits and dashes, e.g. "gyumri-council"' });

const dateSchema = z
  .string({ message: 'expected a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD' })
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'is not a real calendar date' });

/** An instant with its offset ("2026-11-28T11:00:00+04:00"); stored as UTC. */
const instantSchema = z.iso
  .datetime({ offset: true, message: 'expected a date and time such as 2026-11-28T11:00:00+04:00' })
  .transform((v) => new Date(v).toISOString())
  .refine((v) => v >= '1990-01-01' && v < '2101-01-01', { message: 'expected a date between 1990 and 2100' });

const names = z.object({ hy: required('the Armenian name', 200), en: required('the English name', 200), ru: required('the Russian name', 200) }).strict();
const nonEmpty = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape).strict().refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });

export const bodyKindSchema = z.enum(['council', 'institution'], { message: 'expected council or institution' });
export const createBodySchema = z.object({ slug: slugSchema, kind: bodyKindSchema, name: names }).strict();
/**
 * How many days a body keeps the recordings of its private sessions and meetings before they are deleted;
 * null keeps them for ever (the default). Public records are never deleted automatically.
 */
export const retentionDaysSchema = z
  .number({ message: 'expected a number of days, or null to keep recordings for ever' })
  .int({ message: 'expected a whole number of days' })
  .min(1, { message: 'recordings are kept at least 1 day' })
  .max(36_500, { message: 'at most 36500 days (100 years); use null to keep recordings for ever' })
  .nullable();
export const updateBodySchema = nonEmpty({
  slug: slugSchema.optional(),
  kind: bodyKindSchema.optional(),
  name: names.partial().strict().optional(),
  retentionDays: retentionDaysSchema.optional(),
});

const termsInOrder = (v: { termStart?: string | null; termEnd?: string | null }) => !v.termStart || !v.termEnd || v.termStart <= v.termEnd;
export const createMemberSchema = z
  .object({
    name: required('the name', 200),
    role: required('the role', 60).default('member'),
    termStart: dateSchema.nullable().default(null),
    termEnd: dateSchema.nullable().default(null),
  })
  .strict()
  .refine(termsInOrder, { message: 'the term ends before it starts' });
export const updateMemberSchema = nonEmpty({
  name: required('the name', 200).optional(),
  role: required('the role', 60).optional(),
  termStart: dateSchema.nullable().optional(),
  termEnd: dateSchema.nullable().optional(),
});

export const sessionKindSchema = z.enum(['council', 'meeting'], { message: 'expected council or meeting' });
export const visibilitySchema = z.enum(['public', 'private'], { message: 'expected public or private' });
export const createSessionSchema = z
  .object({
    bodyId: idSchema,
    kind: sessionKindSchema,
    title: required('the title', 300),
    startsAt: instantSchema,
    location: text('the place', 300).default(''),
    visibility: visibilitySchema.optional(),
  })
  .strict();
export const updateSessionSchema = nonEmpty({
  kind: sessionKindSchema.optional(),
  title: required('the title', 300).optional(),
  startsAt: instantSchema.optional(),
  location: text('the place', 300).optional(),
  visibility: visibilitySchema.optional(),
});
export const staffSessionsQuerySchema = z
  .object({ body: slugSchema, page: z.coerce.number().int().min(1).max(10_000).default(1), lang: langSchema.default('hy') })
  .strict();

export const agendaItemSchema = z
  .object({
    number: required('the item number', 20),
    title: required('the title', 500),
    description: text('the description', 5000).default(''),
    presenter: text('the presenter', 200).default(''),
  })
  .strict();
export const updateAgendaItemSchema = nonEmpty({
  number: required('the item number', 20).optional(),
  title: required('the title', 500).optional(),
  description: text('the description', 5000).optional(),
  presenter: text('the presenter', 200).optional(),
});
export const reorderAgendaSchema = z
  .object({ ids: z.array(idSchema).min(1).max(500) })
  .strict()
  .refine((v) => new Set(v.ids).size === v.ids.length, { message: 'an item is listed twice' });

export const outcomeSchema = z.enum(['adopted', 'rejected', 'postponed'], { message: 'expected adopted, rejected or postponed' });
export const voteChoiceSchema = z.enum(['for', 'against', 'abstain', 'absent'], { message: 'expected for, against, abstain or absent' });
export const voteSchema = z.object({ memberId: idSchema, choice: voteChoiceSchema }).strict();
const votesSchema = z
  .array(voteSchema)
  .max(500)
  .refine((v) => new Set(v.map((x) => x.memberId)).size === v.length, { message: 'a member votes once' });
export const createDecisionSchema = z
  .object({
    number: required('the decision number', 40),
    title: required('the title', 500),
    text: text('the text', 20_000).default(''),
    outcome: outcomeSchema,
    agendaItemId: idSchema.nullable().default(null),
    /** The whole roll call at once; or leave it out and enter votes one by one. */
    votes: votesSchema.optional(),
  })
  .strict();
export const updateDecisionSchema = nonEmpty({
  number: required('the decision number', 40).optional(),
  title: required('the title', 500).optional(),
  text: text('the text', 20_000).optional(),
  outcome: outcomeSchema.optional(),
  agendaItemId: idSchema.nullable().optional(),
});
export const setVotesSchema = z.object({ votes: votesSchema }).strict();
export const setVoteSchema = z.object({ choice: voteChoiceSchema }).strict();

export const chaptersSchema = z
  .object({
    chapters: z
      .array(z.object({ agendaItemId: idSchema, startSec: z.number().finite().min(0).max(7 * 24 * 3600) }).strict())
      .max(500)
      .refine((v) => new Set(v.map((c) => c.agendaItemId)).size === v.length, { message: 'an item has one chapter' }),
  })
  .strict();

export const documentUploadQuerySchema = z
  .object({
    title: required('the title', 300),
    kind: z.enum(['document', 'minutes'], { message: 'expected document or minutes' }).default('document'),
    agendaItemId: idSchema.optional(),
  })
  .strict();

export const searchQuerySchema = z
  .object({
    q: z.string({ message: 'expected search text in q' }).trim().min(1, { message: 'type something to search for' }).max(200),
    lang: langSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();

export const captionParamsSchema = z.object({ id: idSchema, lang: langSchema }).strict();

export const activateAgendaSchema = z.object({ sessionId: idSchema, agendaItemId: idSchema.nullable() }).strict();

export type VoteChoice = z.infer<typeof voteChoiceSchema>;
export type RollCallEntry = { memberId: number; name: string; choice: VoteChoice };
/** A decision as residents see it: tallies and the roll call. */
export type PublicDecision = {
  id: number;
  agendaItemId: number | null;
  number: string;
  title: string;
  text: string;
  outcome: 'adopted' | 'rejected' | 'postponed';
  votes: { for: number; against: number; abstain: number; absent: number };
  rollCall: RollCallEntry[];
};
export type SearchItem = { sessionId: number; kind: 'session' | 'agenda' | 'decision' | 'question' | 'caption'; title: string; snippet: string; startSec: number | null };
export type AgendaActivated = { sessionId: number; agendaItemId: number | null; startSec: number | null };

/** The `/civic` namespace: the civic record live (agenda item under discussion, decisions as recorded). */
export const civicContract = defineNamespace({
  name: '/civic',
  requests: {
    /** A session page: follow its civic record live (what `session:watch` is on `/live`). */
    'civic:follow': { payload: z.object({ sessionId: idSchema }).strict(), reply: z.custom<{ sessionId: number }>() },
    /** Clerk or operator: "now discussing item N" (null: no item). */
    'agenda:activate': { payload: activateAgendaSchema, reply: z.custom<AgendaActivated>() },
  },
  events: {
    'agenda:activated': z.custom<AgendaActivated>(),
    'decision:recorded': z.custom<{ sessionId: number; decision: PublicDecision }>(),
    'decision:removed': z.custom<{ sessionId: number; decisionId: number }>(),
  },
});
export type CivicClientToServerEvents = ClientToServer<typeof civicContract>;
export type CivicServerToClientEvents = ServerToClient<typeof civicContract>;
