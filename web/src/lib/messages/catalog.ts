import type { hy } from './hy';

/** A message chosen by `Intl.PluralRules` from the `count` parameter. */
export type PluralMessage = { other: string } & Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>;
export type Message = string | PluralMessage;

/** Armenian is the reference catalog: every other catalog has exactly its keys. */
export type MessageKey = keyof typeof hy;
export type Catalog = Record<MessageKey, Message>;
