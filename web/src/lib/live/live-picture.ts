import type { types } from 'mediasoup-client';
import type { RemoteMedia } from './sfu-client.svelte';

type Stream = Pick<RemoteMedia, 'kind' | 'source'>;

/** What a resident's live player shows of the room: the main picture (a shared screen first), a camera inset beside a screen, every audio. */
export type LivePicture<T extends Stream = RemoteMedia> = { main: T | undefined; inset: T | undefined; audio: T[] };

export function pickPicture<T extends Stream>(remote: readonly T[]): LivePicture<T> {
  const video = remote.filter((r) => r.kind === 'video');
  const main = video.find((r) => r.source === 'screen') ?? video[0];
  const inset = main?.source === 'screen' ? video.find((r) => r.source === 'camera') : undefined;
  return { main, inset, audio: remote.filter((r) => r.kind === 'audio') };
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
