import { z } from 'zod';

const isoDate = z
  .string({ message: 'expected a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD, e.g. 2025-03-14' })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    },
    { message: 'is not a real calendar date' },
  );

export const agendaItemInputSchema = z
  .object({
    number: z.coerce.string().trim().min(1, { message: 'an agenda item needs a number' }).max(20),
    title: z.string().trim().min(1, { message: 'an agenda item needs a title' }).max(500),
    startSec: z.number().finite().min(0, { message: 'startSec cannot be negative' }).optional(),
  })
  .strict();
export type AgendaItemInput = z.infer<typeof agendaItemInputSchema>;

/** The `--agenda` file: a JSON array of `{ "number": "1", "title": "…", "startSec": 0 }`. */
export const agendaFileSchema = z.array(agendaItemInputSchema).max(300, { message: 'at most 300 agenda items' });

/** One import, from the command line or a row of a bulk manifest. */
export const importRequestSchema = z.object({
  file: z.string().min(1, { message: 'give the video file to import' }),
  body: z
    .string({ message: 'give the body with --body <slug>' })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'expected a body slug such as "ashtarak-council"' }),
  title: z.string({ message: 'give a title with --title <text>' }).trim().min(1, { message: 'the title is empty' }).max(300),
  date: isoDate,
  agenda: z.string().min(1).optional(),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;
