import { z } from 'zod';
import { idSchema } from '../core/common.contract.js';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';

import { questionLimits } from './questions.constants.js';

export { clientIdHeader, questionLimits } from './questions.constants.js';
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'expected 16–64 letters, digits, - or _' });

/**
 * What a resident typed, as plain text: control characters and bidi overrides removed (they could disguise
 * text), runs of spaces and blank lines collapsed. HTML is kept as typed and only ever shown as text.
 */
export function normalizeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const plainText = (min: number, max: number, what: string) =>
  z
    .string({ message: `expected ${what} as text` })
    .max(max * 4, { message: `${what} is limited to ${max} characters` })
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(min, { message: min > 1 ? `${what} needs at least ${min} characters` : `${what} is empty` })
        .max(max, { message: `${what} is limited to ${max} characters` }),
    );

export const askQuestionBodySchema = z
  .object({
    text: plainText(questionLimits.textMin, questionLimits.textMax, 'the question'),
    authorName: z
      .union([plainText(0, questionLimits.authorMax, 'the name'), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
    agendaItemId: z.union([idSchema, z.null()]).optional().transform((v) => v ?? null),
    /** The honeypot: hidden from people, filled in by form-spamming bots. */
    website: z.string().max(500).optional(),
  })
  .strict();
export type AskQuestionBody = z.input<typeof askQuestionBodySchema>;
export type AskQuestionInput = z.output<typeof askQuestionBodySchema>;
export type AskQuestionReply = { id: number; status: 'pending' };

export const questionStatusSchema = z.enum(['pending', 'approved', 'rejected', 'answered', 'merged']);
export type QuestionStatus = z.infer<typeof questionStatusSchema>;

/** A question as residents see it: only approved and answered ones, never merged away. */
export type PublicQuestion = {
  id: number;
  sessionId: number;
  agendaItemId: number | null;
  text: string;
  authorName: string | null;
  status: 'approved' | 'answered';
  answeredAtSec: number | null;
  answerText: string | null;
  votes: number;
  pinned: boolean;
  createdAt: string;
};

/** A question as moderators see it. `version` is what the next action must expect. */
export type ModerationQuestion = Omit<PublicQuestion, 'status'> & {
  status: QuestionStatus;
  originalText: string | null;
  rejectReason: string | null;
  mergedInto: number | null;
  similarTo: number | null;
  version: number;
};

/** The asking browser's own questions and their fate (no reject reason: that stays with moderators). */
export type OwnQuestion = { id: number; text: string; status: QuestionStatus; mergedInto: number | null; createdAt: string };

// Socket requests.
const sessionRef = { sessionId: idSchema };
const target = { questionId: idSchema, expectedVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) };
export const subscribeRequestSchema = z.object(sessionRef).strict();
export const voteRequestSchema = z.object({ questionId: idSchema }).strict();
export const approveRequestSchema = z.object(target).strict();
export const rejectRequestSchema = z
  .object({ ...target, reason: z.union([plainText(0, questionLimits.reasonMax, 'the reason'), z.null()]).optional() })
  .strict();
export const editRequestSchema = z
  .object({ ...target, text: plainText(questionLimits.textMin, questionLimits.textMax, 'the question') })
  .strict();
export const mergeRequestSchema = z
  .object({ ...target, intoId: idSchema })
  .strict()
  .refine((r) => r.intoId !== r.questionId, { message: 'a question cannot be merged into itself', path: ['intoId'] });
export const pinRequestSchema = z.object({ ...target, pinned: z.boolean() }).strict();
export const answerRequestSchema = z
  .object({ ...target, answerText: z.union([plainText(0, questionLimits.answerMax, 'the answer'), z.null()]).optional() })
  .strict();

export type ModerationAction = 'approve' | 'reject' | 'edit' | 'merge' | 'pin' | 'answer';

export type ModerationReply = { question: ModerationQuestion; also: ModerationQuestion[] };

/** A moderation request; a stale action's `conflict` error ack also carries the question as it is now. */
const modReq = <S extends z.ZodType>(payload: S) =>
  ({ payload, reply: z.custom<ModerationReply>(), errorDetail: z.custom<{ current: ModerationQuestion }>() }) as const;
type PublicRemoved = { id: number; sessionId: number; mergedInto: number | null };

/** The `/questions` namespace: residents' feed and votes, moderators' queue and actions. */
export const questionsContract = defineNamespace({
  name: '/questions',
  requests: {
    'questions:subscribe': { payload: subscribeRequestSchema, reply: z.custom<{ items: PublicQuestion[]; voted: number[] }>() },
    'questions:vote': { payload: voteRequestSchema, reply: z.custom<{ questionId: number; votes: number }>() },
    'moderation:subscribe': { payload: subscribeRequestSchema, reply: z.custom<{ items: ModerationQuestion[] }>() },
    'moderation:approve': modReq(approveRequestSchema),
    'moderation:reject': modReq(rejectRequestSchema),
    'moderation:edit': modReq(editRequestSchema),
    'moderation:merge': modReq(mergeRequestSchema),
    'moderation:pin': modReq(pinRequestSchema),
    'moderation:answer': modReq(answerRequestSchema),
  },
  events: {
    /** To residents of the session (`session:<id>`): a question became public. */
    'question:approved': z.custom<PublicQuestion>(),
    /** A public question changed: votes, text, pin, answer. */
    'question:updated': z.custom<PublicQuestion>(),
    /** A public question left the list (rejected after all, or merged into another). */
    'question:removed': z.custom<PublicRemoved>(),
    /**
     * Several of the three events above that fell within one short window (busy sessions), in order: one
     * message per resident instead of one per event. Handle each entry as if it had come on its own.
     */
    'questions:batch': z.custom<ResidentEvent[]>(),
    /** To the asking browser only: what became of its question. */
    'question:fate': z.custom<{ id: number; sessionId: number; status: QuestionStatus; mergedInto: number | null }>(),
    /** To moderators (`moderation:<id>`): a new question waits. */
    'moderation:queued': z.custom<ModerationQuestion>(),
    /** To moderators: a question changed (by a colleague, a vote, a merge). */
    'moderation:changed': z.custom<{ question: ModerationQuestion; action: ModerationAction | 'vote'; by: string | null }>(),
  },
});
export type QuestionsClientEvents = ClientToServer<typeof questionsContract>;
export type QuestionsServerEvents = ServerToClient<typeof questionsContract>;

/** One event of the residents' feed, as `questions:batch` carries it. */
export type ResidentEvent =
  | ['question:approved', PublicQuestion]
  | ['question:updated', PublicQuestion]
  | ['question:removed', { id: number; sessionId: number; mergedInto: number | null }];

export const sessionChannel = (sessionId: number) => `session:${sessionId}`;
export const moderationChannel = (sessionId: number) => `moderation:${sessionId}`;
