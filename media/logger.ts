import type { Logger as PinoLogger } from 'pino';

/** The logging surface the media plane needs; the server passes a pino child logger. */
export type Logger = Pick<PinoLogger, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'child'>;
