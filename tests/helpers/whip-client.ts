import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext } from './browser.js';

/** What the WHIP endpoint answered the page's POST. */
export type WhipReply = { status: number; location: string | null; contentType: string | null; wwwAuthenticate: string | null; body: string };

export type WhipPublishOptions = {
  /** The stream key sent as `Authorization: Bearer <key>`; null sends no Authorization header. */
  key: string | null;
  /** Three layers as the studio sends them (rids q, h, f; scaled down by 4, 2, 1), listed from the lowest. */
  simulcast?: boolean;
  /** Offer only this video codec (with its RTX); Chromium's own order otherwise (VP8 first). */
  videoCodec?: 'H264' | 'VP8';
  /**
   * Keep the camera's size, as OBS does (the track's contentHint "detail"): Chromium otherwise sends a smaller
   * picture while its bandwidth estimate climbs.
   */
  keepSize?: boolean;
};

export type WhipPublisher = {
  page: Page;
  reply: WhipReply;
  /** The offer the page sent. */
  offer: string;
  /** The page's peer connection state ('connected' once ICE and DTLS are up). */
  connectionState: () => Promise<string>;
  /** Frames the page's encoder produced, summed over its simulcast layers, and how many layers sent frames. */
  outbound: () => Promise<{ framesEncoded: number; layers: number }>;
  /** The encoder stops sending media but says nothing (no DELETE, no DTLS close), as a crashed OBS would. */
  silence: () => Promise<void>;
  /** DELETE on the reply's Location, as OBS's Stop Streaming does; the peer connection closes after it. */
  remove: () => Promise<number>;
  close: () => Promise<void>;
};

/**
 * A WHIP encoder in headless Chromium (the browser needs fake media: `launchChromium({ fakeMedia: true })`). The
 * page does the RFC 9725 exchange itself: a sendonly offer with every ICE candidate gathered (no trickle),
 * POSTed as application/sdp to `whipUrl`, the 201's answer applied. The page sits on the server's own origin,
 * as a browser-based encoder served by Nist would.
 */
export async function publishOverWhip(browser: Browser, origin: string, whipUrl: string, options: WhipPublishOptions): Promise<WhipPublisher> {
  const context: BrowserContext = await newContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('WHIP page error:', e.message));
  await page.goto(`${origin}/api/health`);
  const { reply, offer } = await page.evaluate(
    async ({ url, key, simulcast, videoCodec, keepSize }) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
      if (keepSize) stream.getVideoTracks()[0]!.contentHint = 'detail';
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      const video = pc.addTransceiver(stream.getVideoTracks()[0]!, {
        direction: 'sendonly',
        sendEncodings: simulcast ? [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }] : undefined,
      });
      pc.addTransceiver(stream.getAudioTracks()[0]!, { direction: 'sendonly' });
      if (videoCodec) {
        const codecs = RTCRtpSender.getCapabilities('video')!.codecs;
        video.setCodecPreferences(codecs.filter((c) => c.mimeType === `video/${videoCodec}` || c.mimeType === 'video/rtx'));
      }
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      });
      const sdp = pc.localDescription!.sdp;
      const headers: Record<string, string> = { 'content-type': 'application/sdp' };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const res = await fetch(url, { method: 'POST', headers, body: sdp });
      const body = await res.text();
      if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: body });
      (window as unknown as { __whip: unknown }).__whip = { pc, stream, location: res.headers.get('location') };
      return {
        offer: sdp,
        reply: {
          status: res.status,
          location: res.headers.get('location'),
          contentType: res.headers.get('content-type'),
          wwwAuthenticate: res.headers.get('www-authenticate'),
          body,
        },
      };
    },
    { url: whipUrl, key: options.key, simulcast: options.simulcast ?? false, videoCodec: options.videoCodec ?? null, keepSize: options.keepSize ?? false },
  );
  type Held = { __whip: { pc: RTCPeerConnection; stream: MediaStream; location: string | null } };
  return {
    page,
    reply,
    offer,
    connectionState: () => page.evaluate(() => (window as unknown as Held).__whip.pc.connectionState),
    outbound: () =>
      page.evaluate(async () => {
        let framesEncoded = 0;
        let layers = 0;
        (await (window as unknown as Held).__whip.pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
          framesEncoded += Number(s.framesEncoded ?? 0);
          layers += Number(s.framesEncoded ?? 0) > 0 ? 1 : 0;
        });
        return { framesEncoded, layers };
      }),
    silence: () =>
      page.evaluate(async () => {
        for (const sender of (window as unknown as Held).__whip.pc.getSenders()) await sender.replaceTrack(null);
      }),
    remove: () =>
      page.evaluate(async () => {
        const { pc, stream, location } = (window as unknown as Held).__whip;
        const res = await fetch(location!, { method: 'DELETE' });
        pc.close();
        for (const t of stream.getTracks()) t.stop();
        return res.status;
      }),
    close: () => context.close(),
  };
}

const fingerprint = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

/** The lines every sent section of a browser's offer carries (one BUNDLE, so the same ICE and DTLS). */
const transportLines = (mid: string) => [
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Zbq3',
  'a=ice-pwd:8rKvGZ0r0c5wF6Y1pLx3aXQe',
  'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${fingerprint}`,
  'a=setup:actpass',
  `a=mid:${mid}`,
];

/**
 * SDP offers as encoders write them, for tests that need no browser: Chromium's (VP8 and H.264 with RTX, one
 * SSRC, or three rids q/h/f) and OBS 31's (libdatachannel: Opus, H.264 without RTX, ICE and DTLS at session
 * level, simulcast rids 0/1/2 with 0 the full picture). The DTLS fingerprint is made up: no DTLS will connect.
 */
export function exampleOffer(kind: 'chromium' | 'chromium-simulcast' | 'obs-simulcast'): string {
  const lines = kind === 'obs-simulcast' ? obsOffer() : chromiumOffer(kind === 'chromium-simulcast');
  return `${lines.join('\r\n')}\r\n`;
}

function chromiumOffer(simulcast: boolean): string[] {
  const videoStreams = simulcast
    ? ['a=rid:q send', 'a=rid:h send', 'a=rid:f send', 'a=simulcast:send q;h;f']
    : ['a=ssrc-group:FID 1111 2222', 'a=ssrc:1111 cname:nistcname', 'a=ssrc:1111 msid:stream vtrack', 'a=ssrc:2222 cname:nistcname', 'a=ssrc:2222 msid:stream vtrack'];
  return [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS stream',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103',
    ...transportLines('0'),
    'a=extmap:1 urn:ietf:params:rtp-hdrext:toffset',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 urn:3gpp:video-orientation',
    'a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
    'a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
    'a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
    'a=sendonly',
    'a=msid:stream vtrack',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    'a=rtpmap:96 VP8/90000',
    ...['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli'].map((fb) => `a=rtcp-fb:96 ${fb}`),
    'a=rtpmap:97 rtx/90000',
    'a=fmtp:97 apt=96',
    'a=rtpmap:102 H264/90000',
    ...['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli'].map((fb) => `a=rtcp-fb:102 ${fb}`),
    'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    'a=rtpmap:103 rtx/90000',
    'a=fmtp:103 apt=102',
    ...videoStreams,
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
    ...transportLines('1'),
    'a=extmap:14 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendonly',
    'a=msid:stream atrack',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=ssrc:3333 cname:nistcname',
    'a=ssrc:3333 msid:stream atrack',
  ];
}

function obsOffer(): string[] {
  return [
    'v=0',
    'o=rtc 3351433357 0 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=group:LS 0 1',
    'a=msid-semantic:WMS *',
    'a=setup:actpass',
    'a=ice-ufrag:hF7b',
    'a=ice-pwd:Qm3h1bmtQ0aX2nB6cY9ZpL',
    'a=ice-options:ice2,trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    'a=sendonly',
    'a=ssrc:1000 cname:obs',
    'a=ssrc:1000 msid:obs obs-audio',
    'a=msid:obs obs-audio',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;maxaveragebitrate=96000;stereo=1;sprop-stereo=1;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=sendonly',
    'a=ssrc:1001 cname:obs',
    'a=ssrc:1001 msid:obs obs-video',
    'a=msid:obs obs-video',
    'a=rtcp-mux',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=extmap:2 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
    'a=rid:0 send',
    'a=rid:1 send',
    'a=rid:2 send',
    'a=simulcast:send 0;1;2',
    'a=rtpmap:96 H264/90000',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 goog-remb',
    'a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
  ];
}
