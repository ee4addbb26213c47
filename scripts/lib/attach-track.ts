// npm run import -- --attach <sessionId> --interpretation <lang> <file>
// npm run import -- --attach <sessionId> --sign <file>
// Attaches an interpreter's track to a session's finished recording (server/recording/track-attach.service.ts):
// the interpretation becomes an AUDIO rendition of the master playlist, sign language its own playlist, both as
// long as the recording. Attaching again for the same language replaces it; a bad input creates nothing.
import path from 'node:path';
import { describeIssues } from '../../server/core/common.contract.js';
import { validationFailed } from '../../server/core/errors.js';
import { TrackAttachService } from '../../server/recording/track-attach.service.js';
import { attachTrackRequestSchema } from '../../server/recording/track-attach.contract.js';
import { createProgressBar } from './progress-bar.js';
import { withImportContext } from './import-context.js';

export const attachUsage =
  '       npm run import -- --attach <sessionId> --interpretation <hy|en|ru> <file>\n' +
  '       npm run import -- --attach <sessionId> --sign <file>';

export async function runAttach(values: { attach: string; interpretation?: string; sign?: boolean }, positionals: string[]): Promise<void> {
  if (positionals.length !== 1) throw validationFailed(`give one file to attach\n${attachUsage}`);
  if (values.sign && values.interpretation !== undefined) throw validationFailed(`give --interpretation <lang> or --sign, not both\n${attachUsage}`);
  const raw = values.sign
    ? { sessionId: values.attach, kind: 'sign', file: positionals[0] }
    : { sessionId: values.attach, kind: 'interpretation', lang: values.interpretation, file: positionals[0] };
  const parsed = attachTrackRequestSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(`${describeIssues(parsed.error)}\n${attachUsage}`);
  const request = parsed.data;
  await withImportContext(async ({ config, repos, store, log }) => {
    const service = new TrackAttachService(repos, store, log, { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
    const bar = createProgressBar(path.basename(request.file).slice(0, 24).padEnd(24));
    const track = await service.attach(request, (fraction) => bar.update(fraction));
    const what = track.kind === 'sign' ? 'sign language' : `the ${track.lang} interpretation`;
    bar.done(`Attached ${request.file} to session ${request.sessionId} as ${what} (${track.path}).`);
    process.stdout.write(`${request.sessionId}\n`);
  });
}
