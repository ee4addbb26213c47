import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/ffmpeg/probe.js';
import { readLivePieces, TrackRecorder } from '../../media/recording/track-recorder.js';
import { silentLog, startSyntheticSource, startTestRouter, type RtpSource } from '../helpers/rtp-source.js';
import { sleep, waitForAsync } from '../helpers/wait.js';

/**
 * The live piece recorder on a real mediasoup router fed by ffmpeg (H.264 + Opus RTP): a piece per producer,
 * written as it comes, readable once it closes, with its offset on the floor's timeline in pieces.json.
 */
let media: Awaited<ReturnType<typeof startTestRouter>>;
let source: RtpSource;
beforeAll(async () => {
  media = await startTestRouter();
  source = await startSyntheticSource(media.router, { codec: 'vp8', seconds: 30 });
});
afterAll(async () => {
  await source?.stop();
  media?.close();
});

describe('track recorder', () => {
  it('keeps an interpretation and a sign-language producer as pieces at their offsets', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-track-recorder-'));
    let offset = 2.5;
    const recorder = new TrackRecorder({ outDir, log: silentLog, offsetSec: () => offset });
    await recorder.add(media.router, source.audio, { kind: 'interpretation', lang: 'en' });
    offset = 3;
    await recorder.add(media.router, source.producers.find((p) => p.kind === 'video')!, { kind: 'sign' });
    await sleep(3000);
    await recorder.stop();
    const tracks = readLivePieces(outDir).sort((a, b) => a.track.kind.localeCompare(b.track.kind));
    expect(tracks.map((t) => [t.track, t.pieces.map((p) => p.offsetSec)])).toEqual([
      [{ kind: 'interpretation', lang: 'en' }, [2.5]],
      [{ kind: 'sign' }, [3]],
    ]);
    const audio = await probeMedia(tracks[0]!.pieces[0]!.file);
    expect(audio.audio?.codec).toBe('opus');
    expect(audio.durationSec).toBeGreaterThan(2);
    const video = await probeMedia(tracks[1]!.pieces[0]!.file);
    expect(video.video).toMatchObject({ codec: 'h264', height: 360 });
  });

  it('closes a piece whose producer went away (no packet comes any more) as a readable file', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-track-recorder-'));
    const gone = await startSyntheticSource(media.router, { codec: 'vp8', seconds: 30 });
    const recorder = new TrackRecorder({ outDir, log: silentLog, offsetSec: () => 1 });
    await recorder.add(media.router, gone.audio, { kind: 'interpretation', lang: 'ru' });
    // Over two seconds of sound in the piece (however slowly a loaded machine starts the source), then it goes.
    const file = () => readLivePieces(outDir)[0]!.pieces[0]!.file;
    await waitForAsync('two seconds in the piece', async () => (await probeMedia(file()).catch(() => null))?.durationSec! > 2, 20_000);
    await gone.stop();
    await sleep(500);
    await recorder.stop();
    const [track] = readLivePieces(outDir);
    const info = await probeMedia(track!.pieces[0]!.file);
    expect(info.audio?.codec).toBe('opus');
    expect(info.durationSec).toBeGreaterThan(1.5);
  });

  it('cuts the pieces while the floor recording has a gap and starts new ones where it resumes', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-track-recorder-'));
    // The floor's recorded length: it stands still during the gap, as the recorder's does.
    let floor = 4;
    const speaking = await startSyntheticSource(media.router, { codec: 'vp8', seconds: 30 });
    const recorder = new TrackRecorder({ outDir, log: silentLog, offsetSec: () => floor });
    await recorder.add(media.router, speaking.audio, { kind: 'interpretation', lang: 'en' });
    const first = () => readLivePieces(outDir)[0]!.pieces[0]!.file;
    await waitForAsync('a second in the first piece', async () => (await probeMedia(first()).catch(() => null))?.durationSec! > 1, 20_000);
    floor = 6;
    await recorder.cut();
    // Three seconds of gap: the interpreter goes on speaking, the recording has none of it.
    await sleep(3000);
    await recorder.resume();
    await sleep(1500);
    await recorder.stop();
    await speaking.stop();
    const [track] = readLivePieces(outDir);
    expect(track!.pieces.map((p) => p.offsetSec)).toEqual([4, 6]);
    // The first piece ends at the cut: it does not run on through the gap.
    expect((await probeMedia(track!.pieces[0]!.file)).durationSec).toBeLessThan(4);
    expect((await probeMedia(track!.pieces[1]!.file)).audio?.codec).toBe('opus');
  });
});
