import type { types } from 'mediasoup';

/**
 * Codecs every router offers. H.264 first (constrained baseline, packetization-mode 1) so browsers that
 * support it send H.264 the recorder can copy without re-encoding; VP8 for the rest; Opus for audio.
 */
export const mediaCodecs: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
    rtcpFeedback: [],
  },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
];
