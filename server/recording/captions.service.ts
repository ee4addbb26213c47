import { createHash } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Recording } from './recordings.repository.js';
import type { RecordingStore } from './recording-store.js';
import { sessionFor, type Staff } from '../civic/civic-access.js';
import { notFound, validationFailed } from '../core/errors.js';
import type { Lang, RecordingId } from '../core/ids.js';
import { parseWebVtt, WebVttError } from './webvtt.js';

export const captionMaxBytes = 2 * 1024 * 1024;

/**
 * Captions per recording and language, uploaded or edited by archivists. The file name carries a hash of
 * its content (recordings are served as immutable files, so an edit must get a new name); every cue is
 * indexed for search with its start, so a hit plays from that moment.
 */
export class CaptionsService {
  constructor(
    private readonly repos: RepositoriesOf<'audit' | 'captions' | 'db' | 'recordings' | 'search' | 'sessions'>,
    private readonly store: RecordingStore,
    private readonly log: Logger,
  ) {}

  put(actor: Staff, recordingId: RecordingId, lang: Lang, source: string): { lang: Lang; url: string; cues: number } {
    return this.write(this.recordingFor(actor, recordingId), lang, source, actor.accountId, 'caption.put');
  }

  /**
   * A live session's caption lines, at its end, as the recording's track of that language (written by the
   * server, so audited without an account). A track already there (uploaded meanwhile) is kept.
   */
  adoptLive(recordingId: RecordingId, lang: Lang, source: string): 'written' | 'kept' {
    const recording = this.repos.recordings.get(recordingId);
    if (!recording) throw notFound(`There is no recording with id ${recordingId}.`);
    if (this.current(recordingId, lang)) return 'kept';
    this.write(recording, lang, source, null, 'caption.live');
    return 'written';
  }

  private write(recording: Recording, lang: Lang, source: string, accountId: Staff['accountId'] | null, action: string) {
    const recordingId = recording.id;
    let cues;
    try {
      cues = parseWebVtt(source);
    } catch (error) {
      if (error instanceof WebVttError) throw validationFailed(`Invalid WebVTT: ${error.message}`);
      throw error;
    }
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
    const relative = this.store.relative(recording.sessionId, `captions.${lang}.${hash}.vtt`);
    this.store.writeText(relative, source.replace(/^\uFEFF/, ''));
    const previous = this.current(recordingId, lang);
    try {
      this.repos.db.transaction(() => {
        this.repos.captions.set(recordingId, lang, relative);
        this.repos.search.replaceCaptions(recordingId, recording.sessionId, lang, cues.filter((c) => c.text));
        this.repos.audit.record({ accountId, action, target: `recording:${recordingId}`, details: { lang, cues: cues.length } });
      })();
    } catch (error) {
      if (previous !== relative) this.store.remove(relative);
      throw error;
    }
    if (previous && previous !== relative) this.unlink(previous);
    return { lang, url: `/recordings/${relative}`, cues: cues.length };
  }

  /** The caption file's text, for the editor. */
  get(actor: Staff, recordingId: RecordingId, lang: Lang): string {
    this.recordingFor(actor, recordingId);
    const relative = this.current(recordingId, lang);
    if (!relative) throw notFound(`Recording ${recordingId} has no ${lang} captions.`);
    return this.store.readText(relative);
  }

  delete(actor: Staff, recordingId: RecordingId, lang: Lang): void {
    this.recordingFor(actor, recordingId);
    const relative = this.current(recordingId, lang);
    if (!relative) throw notFound(`Recording ${recordingId} has no ${lang} captions.`);
    this.repos.db.transaction(() => {
      this.repos.captions.delete(recordingId, lang);
      this.repos.search.replaceCaptions(recordingId, 0 as never, lang, []);
      this.repos.audit.record({ accountId: actor.accountId, action: 'caption.delete', target: `recording:${recordingId}`, details: { lang } });
    })();
    this.unlink(relative);
  }

  private current(recordingId: RecordingId, lang: Lang): string | undefined {
    return this.repos.recordings.captions(recordingId).find((c) => c.lang === lang)?.vttPath;
  }

  private recordingFor(actor: Staff, id: RecordingId): Recording {
    const recording = this.repos.recordings.get(id);
    if (!recording) throw notFound(`There is no recording with id ${id}.`);
    sessionFor(this.repos, actor, recording.sessionId, 'recordings.manage');
    return recording;
  }

  private unlink(relative: string): void {
    try {
      this.store.remove(relative);
    } catch (err) {
      this.log.warn({ err, file: relative }, 'could not remove an old caption file');
    }
  }
}
