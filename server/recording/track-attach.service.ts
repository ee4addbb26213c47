import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { MediaProbeError, probeMedia } from '../../media/ffmpeg/probe.js';
import { withAudioRenditions } from '../../media/recording/audio-playlists.js';
import { renderTrack } from '../../media/recording/track-renditions.js';
import type { TrackOf } from '../../media/recording/track-recorder.js';
import { conflict, notFound, validationFailed } from '../core/errors.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { RecordingStore } from './recording-store.js';
import type { RecordingTrack } from './recording-tracks.repository.js';
import type { AttachTrackRequest } from './track-attach.contract.js';
import { audioRenditionsFor } from './track-playlists.js';

export type AttachRepos = RepositoriesOf<'db' | 'recordings' | 'recordingTracks' | 'sessions'>;

/**
 * An interpreter's track attached to a finished recording (an imported one, or a live one whose interpreter
 * was recorded elsewhere): everything is checked first (the session, its ready recording, the file's stream),
 * so a bad input creates nothing; the rendition is made in a hidden folder and moved into place in one rename
 * (replacing the track of that language, if there was one); then the master is rewritten and the row set.
 */
export class TrackAttachService {
  constructor(
    private readonly repos: AttachRepos,
    private readonly store: RecordingStore,
    private readonly log: Logger,
    private readonly options: { ffmpegPath?: string; ffprobePath?: string },
  ) {}

  async attach(request: AttachTrackRequest, onProgress?: (fraction: number) => void): Promise<RecordingTrack> {
    const sessionId = request.sessionId as SessionId;
    const track: TrackOf = request.kind === 'sign' ? { kind: 'sign' } : { kind: 'interpretation', lang: request.lang };
    const recording = this.readyRecording(sessionId);
    await this.checkFile(request.file, track);
    const workDir = this.store.path(this.store.relative(sessionId, `.attach-${randomBytes(4).toString('hex')}`));
    let playlist: string;
    try {
      ({ playlist } = await renderTrack({
        ...this.options,
        log: this.log.child({ sessionId, recordingId: recording.id }),
        track,
        pieces: [{ file: request.file, offsetSec: 0 }],
        durationSec: recording.durationSec,
        outDir: this.store.sessionDir(sessionId),
        workDir,
        onProgress,
      }));
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    const lang = track.kind === 'interpretation' ? track.lang : null;
    const row = { kind: track.kind, lang, path: this.store.relative(sessionId, playlist), origin: 'attached' as const };
    this.repos.db.transaction(() => {
      this.repos.recordingTracks.set(recording.id, row);
      if (track.kind === 'interpretation') this.rewriteMaster(recording);
      // An object store uploads the new files (the ones it has are skipped); the local disk has them already.
      this.store.keep(recording);
    })();
    this.log.info({ sessionId, recordingId: recording.id, kind: track.kind, lang }, 'interpreter track attached');
    return this.repos.recordingTracks.list(recording.id).find((t) => t.kind === track.kind && t.lang === lang)!;
  }

  private readyRecording(sessionId: SessionId) {
    const session = this.repos.sessions.get(sessionId);
    if (!session) throw notFound(`There is no session with id ${sessionId}.`);
    const listed = this.repos.sessions.getListRow(sessionId)?.recording;
    const recording = listed ? this.repos.recordings.get(listed.id as RecordingId) : undefined;
    if (!recording) throw notFound(`Session ${sessionId} has no recording to attach a track to.`);
    if (recording.status !== 'ready' || !recording.durationSec) {
      throw conflict(`The recording of session ${sessionId} is not finished yet (it is ${recording.status}); attach the track once it is ready.`);
    }
    return { ...recording, durationSec: recording.durationSec };
  }

  private async checkFile(file: string, track: TrackOf): Promise<void> {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw validationFailed(`There is no file ${file}.`);
    let info;
    try {
      info = await probeMedia(file, this.options.ffprobePath);
    } catch (error) {
      if (error instanceof MediaProbeError) throw validationFailed(`${file} cannot be read as audio or video.`);
      throw error;
    }
    if (track.kind === 'interpretation' && !info.audio) throw validationFailed(`${file} has no audio stream: an interpretation is sound.`);
    if (track.kind === 'sign' && !info.video) throw validationFailed(`${file} has no video stream: sign language is a picture.`);
  }

  /** The master lists every interpretation the recording has now, in the AUDIO group. */
  private rewriteMaster(recording: { id: RecordingId; hlsPath: string }): void {
    const langs = this.repos.recordingTracks
      .list(recording.id)
      .flatMap((t) => (t.kind === 'interpretation' && t.lang ? [t.lang] : []));
    this.store.writeText(recording.hlsPath, withAudioRenditions(this.store.readText(recording.hlsPath), audioRenditionsFor(langs)));
  }
}
