import type { types } from 'mediasoup';

/** Payload types ffmpeg is told to use; they only have to agree between ffmpeg and the producer. */
export const ingestPayloadTypes = { video: 102, audio: 111 } as const;

/**
 * H.264 as the routers offer it (constrained baseline, packetization-mode 1). A copied source may use
 * Main or High without B-frames: browsers' decoders take it, and mediasoup needs the router's profile here.
 */
export function videoRtpParameters(ssrc: number): types.RtpParameters {
  return {
    codecs: [
      {
        mimeType: 'video/H264',
        payloadType: ingestPayloadTypes.video,
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
        rtcpFeedback: [],
      },
    ],
    encodings: [{ ssrc }],
  };
}

export function audioRtpParameters(ssrc: number): types.RtpParameters {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: ingestPayloadTypes.audio, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }],
    encodings: [{ ssrc }],
  };
}
