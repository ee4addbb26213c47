import { z } from 'zod';
import { langSchema } from '../core/common.contract.js';
import type { PublicDecision } from './civic.contract.js';

export const sessionStatusSchema = z.enum(['scheduled', 'live', 'ended']);

export const listSessionsQuerySchema = z
  .object({
    status: sessionStatusSchema.optional(),
    kind: z.enum(['council', 'meeting'], { message: 'expected council or meeting' }).optional(),
    body: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'expected a body slug such as "ashtarak-council"' })
      .optional(),
    year: z.coerce
      .number({ message: 'expected a year such as 2025' })
      .int({ message: 'expected a year such as 2025' })
      .min(1990, { message: 'expected a year from 1990' })
      .max(2100, { message: 'expected a year up to 2100' })
      .optional(),
    q: z.string().trim().max(200, { message: 'search text is limited to 200 characters' }).optional(),
    page: z.coerce
      .number({ message: 'expected a page number' })
      .int({ message: 'expected a whole page number' })
      .min(1, { message: 'pages start at 1' })
      .max(10_000, { message: 'page is too large' })
      .default(1),
    pageSize: z.coerce
      .number({ message: 'expected a page size' })
      .int({ message: 'expected a whole page size' })
      .min(1, { message: 'page size is at least 1' })
      .max(100, { message: 'page size is at most 100' })
      .default(20),
    lang: langSchema.default('hy'),
  })
  .strict();
export type ListSessionsQuery = z.infer<typeof listSessionsQuerySchema>;

export const sessionQuerySchema = z.object({ lang: langSchema.default('hy') }).strict();

export type SessionSummary = {
  id: number;
  title: string;
  body: { slug: string; name: string };
  kind: 'council' | 'meeting';
  status: 'scheduled' | 'live' | 'ended';
  startsAt: string;
  location: string;
  recording: { hlsUrl: string; durationSec: number | null; status: string; posterUrl: string | null } | null;
};

export type SessionDetail = SessionSummary & {
  agenda: { id: number; number: string; title: string; description: string; presenter: string; startSec: number | null }[];
  /** The agenda item under discussion while the session is live (live marking), else null. */
  currentAgendaItemId: number | null;
  decisions: PublicDecision[];
  questions: {
    id: number;
    text: string;
    authorName: string | null;
    status: 'approved' | 'answered';
    answeredAtSec: number | null;
    votes: number;
  }[];
  documents: { id: number; kind: 'document' | 'minutes'; agendaItemId: number | null; title: string; mime: string; bytes: number; url: string }[];
  captions: { lang: string; url: string }[];
  /**
   * The interpreters' tracks the recording kept: interpretations play through the master playlist's AUDIO group
   * (by `lang`; `name` is the language in itself), sign language is its own playlist at `url`, never a variant.
   */
  tracks: SessionTracks;
  recording: (NonNullable<SessionSummary['recording']> & { renditions: { height: number; bandwidth: number }[] }) | null;
};

export type SessionTracks = { interpretations: { lang: string; name: string }[]; sign: { url: string } | null };

export type SessionList = { items: SessionSummary[]; total: number; page: number; pageSize: number };
