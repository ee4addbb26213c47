import { z } from 'zod';
import { idSchema } from '../core/common.contract.js';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';
import { cueMaxChars } from './live-captions.constants.js';

export { correctionWindowMs, cueMaxChars } from './live-captions.constants.js';

export const captionLangSchema = z.enum(['hy', 'en', 'ru'], { message: 'expected a caption language: hy, en or ru' });
const cueTextSchema = z
  .string({ message: 'expected the caption line as text' })
  .trim()
  .min(1, { message: 'a caption line has at least 1 character' })
  .max(cueMaxChars, { message: `a caption line has at most ${cueMaxChars} characters` });

export const captionWatchSchema = z.object({ sessionId: idSchema }).strict();
export const captionSendSchema = z.object({ sessionId: idSchema, lang: captionLangSchema, text: cueTextSchema }).strict();
export const captionCorrectSchema = z.object({ sessionId: idSchema, cueId: idSchema, text: cueTextSchema }).strict();

export type CaptionLang = z.infer<typeof captionLangSchema>;
/**
 * A caption line on the session's timeline (seconds; the recording's when one is recording). `endSec` is
 * absent while the line is the newest of its language; `replaced` marks a correction of a line sent before.
 */
export type CaptionCue = {
  cueId: number;
  sessionId: number;
  lang: CaptionLang;
  text: string;
  startSec: number;
  endSec?: number;
  replaced?: true;
};
/** What the captioner is told of a line they sent: until when they may still correct it. */
export type SentCue = CaptionCue & { sentAt: string; correctableUntil: string };

const reply = <T>() => z.custom<T>();

/**
 * The `/captions` namespace: live caption lines. Residents (whether they watch over WebRTC or HLS) send
 * `caption:watch` and then receive every `caption:cue`; captioners and clerks (`captions.live`) type lines
 * while the session is live and may correct their last ones for 10 s. It rides on the page's one socket
 * connection like every namespace.
 */
export const liveCaptionsContract = defineNamespace({
  name: '/captions',
  requests: {
    /** The session's recent lines (a late joiner sees the last ones), then `caption:cue` as they come. */
    'caption:watch': { payload: captionWatchSchema, reply: reply<{ sessionId: number; cues: CaptionCue[] }>() },
    'caption:send': { payload: captionSendSchema, reply: reply<SentCue>() },
    'caption:correct': { payload: captionCorrectSchema, reply: reply<SentCue>() },
  },
  events: {
    'caption:cue': reply<CaptionCue>(),
  },
});
export type CaptionsClientEvents = ClientToServer<typeof liveCaptionsContract>;
export type CaptionsServerEvents = ServerToClient<typeof liveCaptionsContract>;

/** The socket.io room of a session's caption watchers. */
export const captionsChannel = (sessionId: number) => `captions:${sessionId}`;
