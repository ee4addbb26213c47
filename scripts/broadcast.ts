// npm run broadcast -- --session <id> --source <file | rtsp://… | rtmp://…> [--loop] [--keep-live]
//   [--server http://127.0.0.1:3000] [--user operator]   (password: NIST_PASSWORD or the first line of stdin)
// Puts a file or an IP camera on air: ffmpeg (run here) sends RTP to PlainTransports that the running server
// creates through the same signaling API the studio page uses, so the operator's rights are checked as usual.
// The video goes out in two or three layers (server-side simulcast) unless INGEST_SIMULCAST=0.
import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIngestArgs, canCopyVideo, loopListText, needsLoopList, type SourceInfo } from '../media/ffmpeg/ingest-args.js';
import { IngestProcess } from '../media/ingest/ingest-process.js';
import { audioRtpParameters, ingestPayloadTypes } from '../media/ingest/rtp-parameters.js';
import { prepareVideoFeed, type VideoFeed } from '../media/ingest/video-feed.js';
import { describeLayers } from '../media/ingest/video-layers.js';
import { loadIngestSimulcast } from '../server/core/config.js';
import { probeSource } from '../media/ffmpeg/probe.js';
import { loginAndConnect, type NistClient } from './lib/nist-client.js';
import { readPassword } from './lib/read-password.js';
import type { RecordingAlarm } from '../server/live/live.contract.js';

type Options = { sessionId: number; source: string; loop: boolean; keepLive: boolean; server: string; user: string; startSeq?: number; simulcast: boolean };
type Feed = { ffmpeg: IngestProcess; video: VideoFeed | null };
/** ended: the source ended; interrupted: Ctrl-C; endedElsewhere: the studio ended the session. */
type Outcome = 'ended' | 'interrupted' | 'endedElsewhere' | 'rejoin';

const say = (line: string) => process.stderr.write(`${line}\n`);

function readOptions(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      session: { type: 'string' },
      source: { type: 'string' },
      loop: { type: 'boolean', default: false },
      'keep-live': { type: 'boolean', default: false },
      server: { type: 'string', default: process.env.NIST_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      user: { type: 'string', default: process.env.NIST_USER ?? 'operator' },
      'start-seq': { type: 'string' },
    },
  });
  const usage = 'Usage: npm run broadcast -- --session <id> --source <file | rtsp://… | rtmp://…> [--loop] [--keep-live] [--server URL] [--user NAME]';
  if (!values.session || !values.source) throw new Error(usage);
  const sessionId = Number(values.session);
  if (!Number.isSafeInteger(sessionId) || sessionId <= 0) throw new Error(`--session expects a session id such as 12, not "${values.session}".`);
  return {
    sessionId,
    source: values.source,
    loop: values.loop,
    keepLive: values['keep-live'],
    server: values.server,
    user: values.user,
    startSeq: values['start-seq'] === undefined ? undefined : Number(values['start-seq']),
    // INGEST_SIMULCAST as the server reads it: the layers are encoded here, by this ffmpeg.
    simulcast: loadIngestSimulcast(),
  };
}

/**
 * Creates the transports and producers, starts ffmpeg, and resolves once media reaches the server. The video is
 * one producer, in two or three layers with INGEST_SIMULCAST (media/ingest/video-feed.ts).
 */
async function startFeed(client: NistClient, o: Options, info: SourceInfo): Promise<Feed> {
  const produce = async (kind: 'video' | 'audio', rtpParameters: types.RtpParameters) => {
    const t = await client.request('signal:create-plain-transport', {});
    const source = kind === 'video' ? 'camera' : 'microphone';
    await client.request('signal:produce', { transportId: t.id, kind, rtpParameters, source });
    return { ip: t.ip, port: t.port, rtcpPort: t.rtcpPort ?? t.port + 1 };
  };
  const video = info.video ? await prepareVideoFeed(info, o.simulcast, (p) => produce('video', p)) : null;
  const audioSsrc = randomInt(1, 2 ** 31 - 1);
  const audio = info.audio ? { ...(await produce('audio', audioRtpParameters(audioSsrc))), ssrc: audioSsrc, payloadType: ingestPayloadTypes.audio } : null;
  const ffmpeg = new IngestProcess(
    buildIngestArgs({ source: o.source, info, loop: o.loop, video: null, audio, startSeq: o.startSeq, loopList: loopList(o, info), ...video?.plan }),
    process.env.FFMPEG_PATH,
  );
  ffmpeg.once('end', () => video?.close());
  ffmpeg.once('error', () => video?.close());
  const failed = new Promise<never>((_, reject) => ffmpeg.once('error', reject));
  const endedEarly = new Promise<never>((_, reject) => ffmpeg.once('end', () => reject(new Error('The source ended before any media reached the server.'))));
  const flowing = (async () => {
    for (let i = 0; i < 80; i++) {
      const stats = await client.request('signal:stats', {});
      if (stats.producers.some((p) => p.bitrate > 0)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('No media reached the server within 20 s.');
  })();
  try {
    await Promise.race([flowing, failed, endedEarly]);
  } catch (error) {
    await ffmpeg.stop();
    video?.close();
    throw error;
  }
  failed.catch(() => undefined);
  endedEarly.catch(() => undefined);
  return { ffmpeg, video };
}

function loopList(o: Options, info: SourceInfo): string | undefined {
  if (!needsLoopList({ source: o.source, info, loop: o.loop })) return undefined;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-broadcast-')), 'loop.txt');
  fs.writeFileSync(file, loopListText(path.resolve(o.source)));
  return file;
}

function runUntilDone(client: NistClient, ffmpeg: IngestProcess): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    ffmpeg.once('end', () => resolve('ended'));
    // A Ctrl-C at the terminal reaches ffmpeg too; its exit may be seen before our own signal handler runs.
    ffmpeg.once('error', (error) => setTimeout(() => reject(error), 300));
    client.socket.once('session:ended', () => resolve('endedElsewhere'));
    client.socket.once('room:rejoin', () => resolve('rejoin'));
    client.socket.once('disconnect', () => reject(new Error('The connection to the server was lost.')));
    const stop = () => resolve('interrupted');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function main(): Promise<void> {
  const o = readOptions();
  const info = await probeSource(o.source, process.env.FFPROBE_PATH);
  const password = process.env.NIST_PASSWORD ?? (process.stdin.isTTY ? '' : await readPassword(''));
  if (!password) throw new Error('Give the password in NIST_PASSWORD or on standard input.');
  const client = await loginAndConnect(o.server, o.user, password);
  // The recording's alarms reach the operator here too, as they reach the studio.
  client.socket.on('recording:alarm', (alarm: RecordingAlarm) => {
    const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
    say(
      alarm.active
        ? `Recording stopped: the recordings disk is full (${mb(alarm.freeBytes)} free, ${mb(alarm.minFreeBytes)} needed). The broadcast goes on; recording resumes by itself once space is freed.`
        : 'Disk space is back: recording continues.',
    );
  });
  try {
    for (;;) {
      // Joining as publisher checks the operator's rights and the session's state before anything changes.
      await client.request('signal:join', { sessionId: o.sessionId, role: 'publisher' });
      const { ffmpeg, video } = await startFeed(client, o, info);
      await client.request('session:go-live', { sessionId: o.sessionId });
      const how = info.video ? (canCopyVideo(info) ? 'H.264 copied' : `${info.video.codec} transcoded to H.264`) : 'no video';
      const layers = video && video.layers.length > 1 ? `, layers ${describeLayers(video.layers, info)}` : '';
      say(`On air: session ${o.sessionId} from ${o.source} (${how}${layers}${info.audio ? ', audio to Opus' : ''}).`);
      const outcome = await runUntilDone(client, ffmpeg).finally(async () => {
        await ffmpeg.stop();
        video?.close();
      });
      if (outcome === 'rejoin') {
        say('The media server restarted; feeding the source again.');
        continue;
      }
      if (outcome === 'endedElsewhere') {
        say(`Session ${o.sessionId} was ended from the studio.`);
      } else if (o.keepLive) {
        say(`Stopped feeding; session ${o.sessionId} stays live (--keep-live).`);
      } else {
        await client.request('session:end', { sessionId: o.sessionId });
        say(`${outcome === 'ended' ? 'The source ended' : 'Stopped'}; session ${o.sessionId} has ended.`);
      }
      return;
    }
  } finally {
    client.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    say(`broadcast: ${error.message}`);
    process.exit(1);
  },
);
