import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { startRecording, type Recorder } from '../../media/recording/recorder.js';
import { silentLog, startSyntheticSource, startTestRouter, type RtpSource } from '../helpers/rtp-source.js';
import { waitFor } from '../helpers/wait.js';

let router: types.Router;
let close: () => void;
const sources: RtpSource[] = [];
let recorder: Recorder | undefined;
beforeAll(async () => {
  ({ router, close } = await startTestRouter());
});
afterAll(async () => {
  await recorder?.stop();
  for (const s of sources) await s.stop();
  close?.();
});

describe('recording a meeting where someone is muted', () => {
  it('keeps recording while a microphone is paused, and takes it back into the mix when it resumes', async () => {
    for (let i = 0; i < 2; i++) sources.push(await startSyntheticSource(router, { codec: 'h264', width: 320, height: 180, sync: false }));
    const [a, b] = sources as [RtpSource, RtpSource];
    await b.audio.pause();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-paused-'));
    recorder = await startRecording({ router, producers: [a.video, b.video, a.audio, b.audio], outDir: dir, log: silentLog });
    const restarts: string[] = [];
    recorder.on('restarted', (info) => restarts.push(info.reason));
    const segments = () => parseMediaPlaylist(fs.readFileSync(recorder!.playlistPath, 'utf8')).segments;

    // The paused microphone would hold ffmpeg's audio mix forever: it is left out while paused.
    await waitFor('segments while one microphone is paused', () => segments().length >= 2, 60_000);
    expect(fs.readFileSync(path.join(dir, 'source/.r0.sdp'), 'utf8').match(/^m=audio/gm)).toHaveLength(1);

    await b.audio.resume();
    await waitFor('the recording to take the resumed microphone', () => restarts.includes('producers'), 20_000);
    const before = segments().length;
    await waitFor('segments with both microphones', () => segments().length >= before + 2, 60_000);
    expect(fs.readFileSync(path.join(dir, 'source/.r1.sdp'), 'utf8').match(/^m=audio/gm)).toHaveLength(2);

    const end = await recorder.stop();
    expect(end.reason).toBe('stopped');
    const { segments: all, ended } = parseMediaPlaylist(fs.readFileSync(recorder.playlistPath, 'utf8'));
    expect(ended).toBe(true);
    expect(all.some((s) => s.uri.startsWith('r0-')) && all.some((s) => s.uri.startsWith('r1-'))).toBe(true);
  }, 180_000);
});
