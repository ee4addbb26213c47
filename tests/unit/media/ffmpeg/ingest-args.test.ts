import { describe, expect, it } from 'vitest';
import { buildIngestArgs, canCopyVideo, parseProbe, type SourceInfo } from '../../../../media/ffmpeg/ingest-args.js';

const video = { ip: '127.0.0.1', port: 40000, rtcpPort: 40001, ssrc: 11, payloadType: 102 };
const audio = { ip: '127.0.0.1', port: 40002, rtcpPort: 40003, ssrc: 22, payloadType: 111 };
const h264NoB: SourceInfo = { formatName: 'mov,mp4', video: { codec: 'h264', profile: 'Constrained Baseline', hasBFrames: false }, audio: { codec: 'aac' } };

describe('buildIngestArgs', () => {
  it('copies H.264 without B-frames from a file, paced and looped, with parameter sets in-band', () => {
    const args = buildIngestArgs({ source: 'council.mp4', info: h264NoB, loop: true, video, audio });
    expect(args.join(' ')).toContain('-re -stream_loop -1 -i council.mp4');
    expect(args.join(' ')).toContain('-c:v copy -bsf:v h264_mp4toannexb');
    expect(args.join(' ')).toContain('-ssrc 11 -payload_type 102 rtp://127.0.0.1:40000?rtcpport=40001&pkt_size=1200');
    expect(args.join(' ')).toContain('-c:a libopus -ar 48000 -ac 2');
  });

  it('transcodes other video to baseline H.264 with a keyframe every second', () => {
    const info: SourceInfo = { formatName: 'matroska,webm', video: { codec: 'vp8', profile: null, hasBFrames: false }, audio: null };
    const args = buildIngestArgs({ source: 'talk.webm', info, loop: false, video, audio });
    expect(args).not.toContain('-stream_loop');
    expect(args.join(' ')).toContain('-c:v libx264');
    expect(args.join(' ')).toContain('-bf 0 -force_key_frames expr:gte(t,n_forced*1)');
    expect(args).not.toContain('libopus');
  });

  it('transcodes H.264 with B-frames, which browsers cannot reorder', () => {
    expect(canCopyVideo({ ...h264NoB, video: { codec: 'h264', profile: 'High', hasBFrames: true } })).toBe(false);
  });

  it('reads network cameras live over TCP, without pacing or looping', () => {
    const args = buildIngestArgs({ source: 'rtsp://cam.local/stream', info: h264NoB, loop: true, video, audio, startSeq: 65300 });
    expect(args.slice(0, 8).join(' ')).toContain('-rtsp_transport tcp');
    expect(args).not.toContain('-re');
    expect(args).not.toContain('-stream_loop');
    expect(args.join(' ')).toContain('dump_extra=freq=keyframe');
    expect(args.join(' ')).toContain('-seq 65300');
  });
});

describe('parseProbe', () => {
  it('finds the first video and audio stream', () => {
    const info = parseProbe(
      JSON.stringify({
        streams: [
          { codec_type: 'video', codec_name: 'h264', profile: 'High', has_b_frames: 2 },
          { codec_type: 'audio', codec_name: 'aac' },
        ],
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' },
      }),
    );
    expect(info).toEqual({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', video: { codec: 'h264', profile: 'High', hasBFrames: true }, audio: { codec: 'aac' } });
  });
});

describe('looping a copied file', () => {
  it('plays a concat list instead of -stream_loop, without an output bitstream filter', async () => {
    const { needsLoopList, loopListText } = await import('../../../../media/ffmpeg/ingest-args.js');
    const plan = { source: '/srv/council.mp4', info: h264NoB, loop: true };
    expect(needsLoopList(plan)).toBe(true);
    expect(needsLoopList({ ...plan, loop: false })).toBe(false);
    expect(needsLoopList({ ...plan, source: 'rtsp://cam/1' })).toBe(false);
    const args = buildIngestArgs({ ...plan, video, audio, loopList: '/tmp/loop.txt' }).join(' ');
    expect(args).toContain('-re -f concat -safe 0 -i /tmp/loop.txt');
    expect(args).not.toContain('-stream_loop');
    expect(args).not.toContain('-bsf:v');
    expect(loopListText("/srv/it's.mp4", 2)).toBe("file '/srv/it'\\''s.mp4'\nfile '/srv/it'\\''s.mp4'\n");
  });
});

describe('server-side simulcast layers', () => {
  const relay = { ip: '127.0.0.1', port: 50000, rtcpPort: 50001, payloadType: 102 };
  const layers = [
    { height: 180, bitrateKbps: 200, target: { ...relay, ssrc: 1 } },
    { height: 360, bitrateKbps: 600, target: { ...relay, ssrc: 2 } },
    { height: null, bitrateKbps: 2500, target: { ...relay, ssrc: 3 } },
  ];
  const rtmp = 'rtmp://127.0.0.1:1935/live/key';
  const info720: SourceInfo = { formatName: 'flv', video: { codec: 'h264', profile: 'High', hasBFrames: false, width: 1280, height: 720, fps: 30 }, audio: { codec: 'aac' } };

  it('copies the source and scales each smaller layer from the next larger one, from one decode', () => {
    const args = buildIngestArgs({ source: rtmp, info: info720, loop: false, video: null, audio, videoLayers: layers, startTimeRealtimeUs: 1_700_000_000_000_000 });
    const line = args.join(' ');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(line).toContain('-thread_type slice -i rtmp://');
    expect(line).toContain('-filter_complex [0:v:0]scale=-2:360:flags=bilinear,split=2[v360][vs0];[vs0]scale=-2:180:flags=bilinear[v180]');
    expect(line).toContain('-map 0:v:0 -c:v copy -bsf:v h264_mp4toannexb -start_time_realtime 1700000000000000 -f rtp -ssrc 3');
    expect(line).toContain('-map [v180] -c:v libx264');
    expect(line).toContain('-b:v 200k');
    // Keyframes where the source has them, and at least every half second at 360p (15 frames at its 30 fps), every
    // quarter second at 180p, the layer a new viewer starts on (7 frames).
    expect(line).toMatch(/-map \[v360\] [^[]*-force_key_frames source -g 15 -sc_threshold 0/);
    expect(line).toMatch(/-map \[v180\] [^[]*-force_key_frames source -g 7 -sc_threshold 0/);
    // Every layer to the one relay address, each with its SSRC; the audio shares the layers' clock.
    expect(args.filter((a) => a.startsWith('rtp://127.0.0.1:50000?rtcpport=50001'))).toHaveLength(3);
    expect(line).toContain('-start_time_realtime 1700000000000000 -f rtp -ssrc 22');
  });

  it('encodes every layer when the source cannot be copied: the source layer a keyframe each second, 360p each half second, 180p each quarter', () => {
    const info = { ...info720, video: { ...info720.video!, hasBFrames: true } };
    const line = buildIngestArgs({ source: rtmp, info, loop: false, video: null, audio, videoLayers: layers }).join(' ');
    expect(line).toContain('[0:v:0]split=2[vtop][vdown];[vdown]scale=-2:360');
    expect(line).toContain('-map [vtop] -c:v libx264');
    expect(line).not.toContain('-c:v copy');
    expect(line.match(/-map \[vtop\] .*?-force_key_frames expr:gte\(t,n_forced\*1\) /g)).toHaveLength(1);
    expect(line).toMatch(/-map \[v360\] [^[]*-force_key_frames expr:gte\(t,n_forced\*0.5\) /);
    expect(line).toMatch(/-map \[v180\] [^[]*-force_key_frames expr:gte\(t,n_forced\*0.25\) /);
    expect(line).not.toContain('-start_time_realtime');
  });

  it('reads size, frame rate and bitrate from ffprobe when it has them', () => {
    const info = parseProbe(
      JSON.stringify({
        streams: [{ codec_type: 'video', codec_name: 'h264', has_b_frames: 0, width: 1280, height: 720, avg_frame_rate: '30000/1001', bit_rate: '2500000' }],
        format: { format_name: 'flv' },
      }),
    );
    expect(info.video).toEqual({ codec: 'h264', profile: null, hasBFrames: false, width: 1280, height: 720, fps: 29.97, bitrateKbps: 2500 });
    const unknown = parseProbe(JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'h264', avg_frame_rate: '0/0', r_frame_rate: '25/1' }] }));
    expect(unknown.video).toEqual({ codec: 'h264', profile: null, hasBFrames: false, fps: 25 });
  });
});
