import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { writeWhipAnswer } from '../../../../media/ingest/whip-answer.js';
import { lowToHigh } from '../../../../media/ingest/whip-encodings.js';
import { SdpOfferError } from '../../../../media/ingest/whip-errors.js';
import { readWhipOffer, type WhipOffer, type WhipTrack } from '../../../../media/ingest/whip-offer.js';
import type { TransportInfo } from '../../../../media/sfu/room-types.js';
import { exampleOffer } from '../../../helpers/whip-client.js';

const track = (offer: WhipOffer, kind: 'audio' | 'video'): WhipTrack => {
  const section = offer.sections.find((s) => s.accepted && s.track.kind === kind);
  if (!section?.accepted) throw new Error(`no ${kind} track`);
  return section.track;
};

const transport: TransportInfo = {
  id: 't1',
  iceParameters: { usernameFragment: 'msufrag', password: 'mspassword0123456789ab', iceLite: true },
  iceCandidates: [
    { foundation: 'udpcandidate', priority: 1076302079, ip: '127.0.0.1', protocol: 'udp', port: 44444, type: 'host', tcpType: undefined },
    { foundation: 'tcpcandidate', priority: 1076276479, ip: '127.0.0.1', protocol: 'tcp', port: 44444, type: 'host', tcpType: 'passive' },
  ],
  dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-1', value: 'AA:BB' }, { algorithm: 'sha-256', value: 'CC:DD' }] },
};

/** An example offer with one line changed, added or taken out. */
const edited = (kind: Parameters<typeof exampleOffer>[0], edit: (lines: string[]) => string[]) =>
  `${edit(exampleOffer(kind).trim().split('\r\n')).join('\r\n')}\r\n`;

describe('readWhipOffer: what an encoder offers, as mediasoup producers take it', () => {
  it('Chromium: H.264 (Nist’s preference over the VP8 it lists first) with its RTX, Opus, the header extensions mediasoup reads, the SSRCs', () => {
    const offer = readWhipOffer(exampleOffer('chromium'));
    expect(offer.dtls).toEqual({ role: 'client', fingerprints: [{ algorithm: 'sha-256', value: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }] });
    expect(offer.setup).toBe('passive');
    const video = track(offer, 'video');
    expect(video.rtpParameters.mid).toBe('0');
    expect(video.rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([['video/H264', 102], ['video/rtx', 103]]);
    expect(video.rtpParameters.codecs[0]!.parameters).toMatchObject({ 'packetization-mode': 1, 'profile-level-id': '42e01f' });
    expect(video.rtpParameters.codecs[0]!.rtcpFeedback).toEqual(
      expect.arrayContaining([{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, { type: 'transport-cc' }, { type: 'goog-remb' }]),
    );
    expect(video.rtpParameters.encodings).toEqual([{ ssrc: 1111, rtx: { ssrc: 2222 } }]);
    expect(video.rtpParameters.rtcp).toEqual({ cname: 'nistcname', reducedSize: true });
    // playout-delay is not one mediasoup reads; the rest keep the offer's ids.
    expect(video.rtpParameters.headerExtensions!.map((h) => h.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 9, 10, 11]);
    const audio = track(offer, 'audio');
    expect(audio.rtpParameters.codecs).toEqual([
      { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { minptime: 10, useinbandfec: 1 }, rtcpFeedback: [{ type: 'transport-cc' }] },
    ]);
    expect(audio.rtpParameters.encodings).toEqual([{ ssrc: 3333 }]);
  });

  it('Chromium simulcast: one video track with an encoding per rid, lowest first, and the list the answer mirrors', () => {
    const video = track(readWhipOffer(exampleOffer('chromium-simulcast')), 'video');
    expect(video.rtpParameters.encodings).toEqual([{ rid: 'q' }, { rid: 'h' }, { rid: 'f' }]);
    expect(video.simulcast).toEqual({ list: 'q;h;f', rids: ['q', 'h', 'f'] });
  });

  it('OBS 31 simulcast: ICE and DTLS at session level, no RTX, rids 0/1/2 turned around (0 is OBS’s full picture)', () => {
    const offer = readWhipOffer(exampleOffer('obs-simulcast'));
    const video = track(offer, 'video');
    expect(video.rtpParameters.codecs.map((c) => c.mimeType)).toEqual(['video/H264']);
    // No abs-send-time, so no REMB.
    expect(video.rtpParameters.codecs[0]!.rtcpFeedback).toEqual([{ type: 'nack' }, { type: 'nack', parameter: 'pli' }]);
    expect(video.rtpParameters.encodings).toEqual([{ rid: '2' }, { rid: '1' }, { rid: '0' }]);
    expect(track(offer, 'audio').rtpParameters.encodings).toEqual([{ ssrc: 1000 }]);
    expect(track(offer, 'audio').rtpParameters.codecs[0]!.parameters).toMatchObject({ 'sprop-stereo': 1, stereo: 1 });
  });

  it('VP8 when it is the only video codec offered; mid-only packets when there are no SSRC lines', () => {
    const offer = readWhipOffer(
      edited('chromium', (lines) =>
        lines
          .filter((l) => !/^a=(rtpmap|fmtp|rtcp-fb):10[23]\b/.test(l) && !l.startsWith('a=ssrc'))
          .map((l) => (l.startsWith('m=video') ? 'm=video 9 UDP/TLS/RTP/SAVPF 96 97' : l)),
      ),
    );
    const video = track(offer, 'video');
    expect(video.rtpParameters.codecs.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/rtx']);
    expect(video.rtpParameters.encodings).toEqual([{}]);
  });

  it('the encoder may insist on being the DTLS server (a=setup:passive): the answer is active', () => {
    const offer = readWhipOffer(exampleOffer('chromium').replaceAll('a=setup:actpass', 'a=setup:passive'));
    expect(offer).toMatchObject({ dtls: { role: 'server' }, setup: 'active' });
  });

  it('declines what it does not take (a data channel) with port 0, and answers everything else', () => {
    const sdp = `${exampleOffer('chromium')}m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sctp-port:5000\r\n`;
    const offer = readWhipOffer(sdp);
    expect(offer.sections.map((s) => s.accepted)).toEqual([true, true, false]);
    const answer = parse(writeWhipAnswer(offer, transport));
    expect(answer.media.map((m) => [String(m.mid), m.port])).toEqual([['0', 9], ['1', 9], ['2', 0]]);
    expect(answer.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
  });

  const refused: [string, string, RegExp][] = [
    ['not SDP at all', 'hello', /must start with v=0/],
    ['no m= sections', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n', /no m= sections/],
    ['no fingerprint', edited('chromium', (l) => l.filter((x) => !x.startsWith('a=fingerprint'))), /no a=fingerprint/],
    ['a fingerprint with an unknown hash', exampleOffer('chromium').replaceAll('a=fingerprint:sha-256', 'a=fingerprint:md5'), /sha-256/],
    ['no ICE password', edited('chromium', (l) => l.filter((x) => !x.startsWith('a=ice-pwd'))), /a=ice-pwd/],
    ['sections outside the BUNDLE', exampleOffer('chromium').replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0'), /BUNDLE/],
    ['no rtcp-mux', edited('chromium', (l) => l.filter((x) => x !== 'a=rtcp-mux')), /rtcp-mux/],
    ['nothing sent', exampleOffer('chromium').replaceAll('a=sendonly', 'a=recvonly'), /sends no audio or video/],
    ['H.264 in packetization-mode 0 only', edited('chromium', (l) => l.filter((x) => !/^a=(rtpmap|fmtp|rtcp-fb):9[67]\b/.test(x)).map((x) => x.replace('packetization-mode=1', 'packetization-mode=0'))), /offers H264; Nist takes H\.264/],
    ['simulcast naming a rid it does not declare', exampleOffer('chromium-simulcast').replace('a=simulcast:send q;h;f', 'a=simulcast:send q;h;x'), /without an a=rid line: x/],
    ['simulcast without the rid header extension', edited('chromium-simulcast', (l) => l.filter((x) => !x.includes('sdes:rtp-stream-id'))), /rtp-stream-id/],
  ];
  it.each(refused)('refuses %s, saying what is wrong', (_what, sdp, message) => {
    expect(() => readWhipOffer(sdp)).toThrow(SdpOfferError);
    expect(() => readWhipOffer(sdp)).toThrow(message);
  });
});

describe('lowToHigh: simulcast layers in the order mediasoup wants', () => {
  const layers = (...rids: string[]) => rids.map((rid) => ({ rid, params: {} }));
  it.each([
    [['f', 'h', 'q'], ['q', 'h', 'f']],
    [['h', 'm', 'l'], ['l', 'm', 'h']],
    [['high', 'low', 'mid'], ['low', 'mid', 'high']],
    [['0', '1', '2'], ['2', '1', '0']],
    [['r0', 'r1', 'r2'], ['r0', 'r1', 'r2']],
  ])('%j → %j', (rids, expected) => {
    expect(lowToHigh(layers(...rids)).map((l) => l.rid)).toEqual(expected);
  });
  it('by the restrictions of the a=rid lines when every layer has them', () => {
    const sized = [
      { rid: 'a', params: { 'max-width': 1280, 'max-height': 720 } },
      { rid: 'b', params: { 'max-width': 320, 'max-height': 180 } },
      { rid: 'c', params: { 'max-width': 640, 'max-height': 360 } },
    ];
    expect(lowToHigh(sized).map((l) => l.rid)).toEqual(['b', 'c', 'a']);
  });
});

describe('writeWhipAnswer', () => {
  it('ice-lite, every candidate, the sha-256 fingerprint, setup passive, recvonly with the chosen codecs and the simulcast layers', () => {
    const offer = readWhipOffer(exampleOffer('chromium-simulcast'));
    const sdp = writeWhipAnswer(offer, transport);
    const answer = parse(sdp);
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.fingerprint).toEqual({ type: 'sha-256', hash: 'CC:DD' });
    const [video, audio] = answer.media;
    expect(String(video!.mid)).toBe('0');
    expect(video).toMatchObject({ direction: 'recvonly', setup: 'passive', iceUfrag: 'msufrag', rtcpMux: 'rtcp-mux', payloads: '102 103' });
    expect(video!.candidates!.map((c) => [c.transport, c.port, c.tcptype])).toEqual([['udp', 44444, undefined], ['tcp', 44444, 'passive']]);
    expect(video!.endOfCandidates).toBe('end-of-candidates');
    expect(video!.simulcast).toEqual({ dir1: 'recv', list1: 'q;h;f' });
    expect(video!.rids).toEqual([{ id: 'q', direction: 'recv' }, { id: 'h', direction: 'recv' }, { id: 'f', direction: 'recv' }]);
    expect(video!.fmtp).toEqual(expect.arrayContaining([{ payload: 103, config: 'apt=102' }]));
    expect(audio).toMatchObject({ mid: 1, direction: 'recvonly', payloads: 111 });
    expect(audio!.rtp).toEqual([{ payload: 111, codec: 'opus', rate: 48000, encoding: 2 }]);
    // Answers only extensions the offer had, with the offer's ids.
    expect(audio!.ext!.map((e) => e.value).sort((a, b) => a - b)).toEqual([2, 4, 9, 14]);
  });
});
