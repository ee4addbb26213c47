import type { hy } from './hy';

import type { Message } from './message';

// The catalogs import Message from ./message, not from here: this file reads the Armenian catalog's keys.
export type { Message, PluralMessage } from './message';

/** Armenian is the reference catalog: every other catalog has exactly its keys. */
export type MessageKey = keyof typeof hy;
export type Catalog = Record<MessageKey, Message>;
