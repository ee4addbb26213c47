import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The Nist archive package: a BagIt bag (bagit.ts) whose payload holds one body's sessions — their records,
 * recordings, captions and documents — plus their open-data JSON. `data/nist-package.json` (this schema) is
 * what an import reads; `data/open/…` and `data/sessions/<uuid>/{event,bills,votes}.json` are the same record
 * as Open Civic Data, for archives that read that and not Nist.
 * Files are named by OCD UUID, never by row id, so a package means the same in every Nist it enters.
 */
export const packageFormat = 'nist-archive-package';
export const packageFile = 'nist-package.json';

const ocd = (kind: string) => z.string().regex(new RegExp(`^ocd-${kind}/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), { message: `expected ocd-${kind}/<uuid>` });
/** A payload path (under data/), as bagit.ts writes them. */
const payloadPath = z.string().regex(/^[a-z0-9][a-zA-Z0-9._/-]*$/, { message: 'expected a plain relative path' }).refine((p) => !p.split('/').includes('..'), 'must not leave the package');

export const packageSchema = z.object({
  format: z.literal(packageFormat),
  version: z.literal(1),
  exportedAt: z.string(),
  organization: z.object({
    ocdId: ocd('organization'),
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    kind: z.enum(['council', 'institution']),
    name: z.object({ hy: z.string().min(1), en: z.string().min(1), ru: z.string().min(1) }),
  }),
  people: z.array(z.object({ ocdId: ocd('person'), name: z.string().min(1), role: z.string(), termStart: z.string().nullable(), termEnd: z.string().nullable() })),
  sessions: z.array(
    z.object({
      ocdId: ocd('event'),
      kind: z.enum(['council', 'meeting']),
      title: z.string().min(1),
      startsAt: z.string(),
      location: z.string(),
      status: z.enum(['scheduled', 'live', 'ended']),
      visibility: z.enum(['public', 'private']),
      agenda: z.array(z.object({ number: z.string(), title: z.string().min(1), description: z.string(), presenter: z.string() })),
      decisions: z.array(
        z.object({
          ocdId: ocd('bill'),
          voteOcdId: ocd('vote'),
          number: z.string(),
          title: z.string().min(1),
          text: z.string(),
          outcome: z.enum(['adopted', 'rejected', 'postponed']),
          /** When it was recorded (the roll call's date in open data). */
          createdAt: z.string().nullable(),
          agendaIndex: z.number().int().min(0).nullable(),
          votes: z.array(z.object({ person: ocd('person'), choice: z.enum(['for', 'against', 'abstain', 'absent']) })),
        }),
      ),
      documents: z.array(
        z.object({ file: payloadPath, title: z.string().min(1), mime: z.string(), kind: z.enum(['document', 'minutes']), sha256: z.string().regex(/^[0-9a-f]{64}$/), agendaIndex: z.number().int().min(0).nullable() }),
      ),
      recording: z
        .object({
          /** The recording's folder in the payload; every file of it, as the recordings folder held them. */
          folder: payloadPath,
          files: z.array(payloadPath),
          /** The master playlist, relative to `folder`. */
          hls: payloadPath,
          poster: payloadPath.nullable(),
          durationSec: z.number().min(0).nullable(),
          startedAt: z.string(),
          renditions: z.array(z.object({ height: z.number().int().positive(), bandwidth: z.number().int().positive(), playlist: payloadPath })),
          captions: z.array(z.object({ lang: z.enum(['hy', 'en', 'ru']), file: payloadPath })),
          chapters: z.array(z.object({ agendaIndex: z.number().int().min(0), startSec: z.number().min(0) })),
        })
        .nullable(),
    }),
  ),
});
export type ArchivePackage = z.infer<typeof packageSchema>;
export type PackageSession = ArchivePackage['sessions'][number];

/** The UUID of an OCD id, for file names. */
export const uuidOf = (ocdId: string) => ocdId.slice(ocdId.indexOf('/') + 1);

/** Every file under `dir` (relative, forward slashes), skipping hidden ones (staging and temp files). */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(path.join(dir, prefix))) return [];
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      return e.isDirectory() ? filesUnder(dir, rel) : [rel];
    })
    .sort();
}

/** A document's file name in the package: its position and a readable, portable form of its title. */
export function documentFileName(index: number, title: string, ext: string): string {
  const stem = title.normalize('NFKD').replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 40) || 'document';
  return `${String(index + 1).padStart(2, '0')}-${stem}.${ext.replace(/[^a-z0-9]/gi, '') || 'bin'}`;
}
