import type { types } from 'mediasoup-client';
import type { RemoteMedia } from './sfu-client.svelte';

type Stream = Pick<RemoteMedia, 'kind' | 'source'> & Partial<Pick<RemoteMedia, 'track' | 'lang'>>;

/**
 * What a resident's live player shows of the room: the main picture (a shared screen first), a camera inset
 * beside a screen, the audio that plays (the floor's, or the chosen interpretation: see audio-choice.ts), and
 * beside them the interpretations on air and the sign-language picture.
 */
export type LivePicture<T extends Stream = RemoteMedia> = { main: T | undefined; inset: T | undefined; audio: T[]; interpretations: T[]; sign: T | undefined };

const floor = (r: Stream) => (r.track ?? 'floor') === 'floor';

export function pickPicture<T extends Stream>(remote: readonly T[]): LivePicture<T> {
  const video = remote.filter((r) => r.kind === 'video' && floor(r));
  const main = video.find((r) => r.source === 'screen') ?? video[0];
  const inset = main?.source === 'screen' ? video.find((r) => r.source === 'camera') : undefined;
  return {
    main,
    inset,
    audio: remote.filter((r) => r.kind === 'audio' && floor(r)),
    interpretations: remote.filter((r) => r.kind === 'audio' && r.track === 'interpretation'),
    sign: remote.find((r) => r.kind === 'video' && r.track === 'sign'),
  };
}

/** Frames the consumer has decoded so far, or -1 when it is gone or has no inbound video yet. */
export async function framesDecoded(consumer: types.Consumer | undefined): Promise<number> {
  if (!consumer || consumer.closed) return -1;
  let frames = -1;
  for (const s of (await consumer.getStats().catch(() => new Map())).values()) {
    if (s.type === 'inbound-rtp' && typeof s.framesDecoded === 'number') frames = s.framesDecoded;
  }
  return frames;
}
