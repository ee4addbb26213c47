import { z } from 'zod';
import { slugSchema } from './civic.contract.js';

/** Replies of the console's civic-record reads: bodies and members as clerks edit them, recordings for archivists. */

/** `GET /api/clerk/bodies`: every body, with its names in all three languages and whether the caller may manage it. */
export type ClerkBody = {
  id: number;
  slug: string;
  kind: 'council' | 'institution';
  name: { hy: string; en: string; ru: string };
  canManage: boolean;
  /** Days its private recordings are kept before the retention sweep deletes them; null: for ever. */
  retentionDays: number | null;
};

/** A member of a body and their term (dates as YYYY-MM-DD, null when open). */
export type BodyMember = { id: number; bodyId: number; name: string; role: string; termStart: string | null; termEnd: string | null };

/** `GET /api/bodies/:slug/members`: the members in office today (Yerevan date), as residents see them. */
export type PublicMember = Omit<BodyMember, 'bodyId'>;

export const recordingsQuerySchema = z
  .object({ body: slugSchema, page: z.coerce.number({ message: 'expected a page number' }).int().min(1).max(10_000).default(1) })
  .strict();

/** One recording as the archivists' console lists it. `job` is the work still queued or running on it. */
export type RecordingOverview = {
  id: number;
  status: 'recording' | 'interrupted' | 'processing' | 'ready' | 'failed';
  /** Why it is `interrupted` (null otherwise): the disk filled up, or the session's source was lost. */
  reason: 'disk_full' | 'source_lost' | null;
  durationSec: number | null;
  startedAt: string;
  session: { id: number; title: string; startsAt: string; status: 'scheduled' | 'live' | 'ended'; visibility: 'public' | 'private' };
  renditions: { height: number; bandwidth: number }[];
  captions: string[];
  chapters: number;
  job: { id: number; kind: string; status: 'queued' | 'running'; percent: number } | null;
};

/** `GET /api/clerk/recordings?body=<slug>&page=`: a body's recordings, newest first, 50 a page. */
export type RecordingOverviewList = { items: RecordingOverview[]; total: number; page: number; pageSize: number };
