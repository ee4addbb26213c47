import { z } from 'zod';

/**
 * The retention of recordings (issue 16): what the console's "Scheduled deletions" reads and the holds it sets.
 * A body's rule itself (`retentionDays`) is part of the body (civic.contract.ts, PATCH /api/clerk/bodies/:id).
 */

/** `GET /api/retention/scheduled?days=`: how far ahead to look (default 30 days, at most a year). */
export const scheduledQuerySchema = z
  .object({
    days: z.coerce
      .number({ message: 'expected a number of days' })
      .int({ message: 'expected a whole number of days' })
      .min(1, { message: 'look ahead at least 1 day' })
      .max(366, { message: 'look ahead at most 366 days' })
      .default(30),
  })
  .strict();

/** One recording the rule of its body deletes on `dueAt` (or at the next sweep, when that is past). */
export type ScheduledDeletion = {
  recordingId: number;
  startedAt: string;
  durationSec: number | null;
  /** When the sweep deletes it: `startedAt` plus the body's `retentionDays`. */
  dueAt: string;
  retentionDays: number;
  session: { id: number; title: string; kind: 'council' | 'meeting'; startsAt: string };
  body: { id: number; slug: string; name: { hy: string; en: string; ru: string } };
  /** Held recordings are not deleted until released; null when not held. */
  hold: { heldAt: string; heldBy: string | null } | null;
};

/** The recordings the actor may hold (recordings.manage) due within `days`, soonest first; held ones included. */
export type ScheduledDeletionList = { days: number; items: ScheduledDeletion[] };

/** `PUT /api/retention/holds/:recordingId`: the hold now in place. */
export type RecordingHold = { recordingId: number; heldAt: string; heldBy: string | null };

/** `POST /api/retention/sweep`: what one sweep deleted, and sessions whose files are still to be removed. */
export type SweepResult = { deleted: { recordingId: number; sessionId: number }[]; filesPending: number };
