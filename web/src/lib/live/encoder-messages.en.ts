import type { EncoderMessages } from './encoder-messages.hy';

/** The studio's "stream from an encoder" panel; spread into en.ts. */
export const encoderEn: EncoderMessages = {
  'encoder.title': 'Stream from an encoder (OBS)',
  'encoder.intro': 'OBS, vMix or a hardware encoder can put this session on air over RTMP. Create a key and paste the settings below.',
  'encoder.create': 'Create a stream key',
  'encoder.replace': 'Create a new key (the old one stops working)',
  'encoder.revoke': 'Revoke the key',
  'encoder.active': 'This session has an active key (made {date}). It is shown only when it is created.',
  'encoder.none': 'No key yet.',
  'encoder.shownOnce': 'Copy the key now: it will not be shown again.',
  'encoder.server': 'Server',
  'encoder.key': 'Stream key',
  'encoder.copy': 'Copy',
  'encoder.copied': 'Copied',
  'encoder.rtmpOff': 'RTMP ingest is off on this server (RTMP_PORT=off).',
  'encoder.settings': 'Settings in OBS',
  'encoder.setting.service': 'Service: Custom',
  'encoder.setting.keyframe': 'Keyframe interval: 2 s',
  'encoder.setting.profile': 'Video: H.264, baseline or main profile, no B-frames (a stream with B-frames is transcoded, which costs the server CPU)',
  'encoder.setting.audio': 'Audio: AAC, 48 kHz',
  'encoder.onAir': 'Encoder on air ({address})',
  'encoder.video': 'Video',
  'encoder.audio': 'Audio',
  'encoder.transcoded': 'transcoded',
  'encoder.copiedAsIs': 'passed through as it is',
  'encoder.error': 'That did not work: {message}',
};
