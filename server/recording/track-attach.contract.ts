import { z } from 'zod';

/**
 * Attaching an interpreter's track to a finished recording (`npm run import -- --attach <sessionId>
 * --interpretation <lang> <file>` or `--sign <file>`): an interpretation names its language, sign language none.
 */
export const attachTrackRequestSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        sessionId: z.coerce.number({ message: 'expected a session id' }).int({ message: 'expected a session id' }).positive({ message: 'expected a session id' }),
        kind: z.literal('interpretation'),
        lang: z.enum(['hy', 'en', 'ru'], { message: 'expected one of hy, en, ru' }),
        file: z.string().min(1, { message: 'give the file to attach' }),
      })
      .strict(),
    z
      .object({
        sessionId: z.coerce.number({ message: 'expected a session id' }).int({ message: 'expected a session id' }).positive({ message: 'expected a session id' }),
        kind: z.literal('sign'),
        file: z.string().min(1, { message: 'give the file to attach' }),
      })
      .strict(),
  ],
  { message: 'expected --interpretation <lang> or --sign' },
);
export type AttachTrackRequest = z.infer<typeof attachTrackRequestSchema>;
