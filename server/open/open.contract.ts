import { z } from 'zod';

/** Query of every open-data list: paging as the OCD API pages (`page`, `per_page`), and the common filters. */
export const openListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1, { message: 'page starts at 1' }).max(100_000).default(1),
    per_page: z.coerce.number().int().min(1).max(100, { message: 'at most 100 per page' }).default(20),
    /** A body's slug ("ashtarak-council") or its OCD id ("ocd-organization/<uuid>"). */
    organization: z.string().trim().min(1).max(100).optional(),
    /** Sessions starting on or after this date (YYYY-MM-DD or an ISO time). */
    from: z.iso.date().or(z.iso.datetime()).optional(),
    /** Sessions starting on or before this date (a date alone is the whole day). */
    to: z.iso.date().or(z.iso.datetime()).optional(),
  })
  .strict();
export type OpenListQuery = z.infer<typeof openListQuerySchema>;

/** CSV exports take the filters but no paging: the whole selection in one file. */
export const openCsvQuerySchema = openListQuerySchema.pick({ organization: true, from: true, to: true }).strict();

/** An OCD id in a path: the whole id (URL-encoded slash) or its UUID part alone. */
export const ocdUuidSchema = z
  .string()
  .regex(/^(ocd-[a-z]+\/)?[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, { message: 'expected an OCD id (ocd-event/<uuid>) or its UUID' })
  .transform((s) => s.slice(s.indexOf('/') + 1));

export type Pagination = { page: number; per_page: number; max_page: number; total_items: number };
