import pino from 'pino';
import type { Config } from './config.js';

export type Logger = pino.Logger;

/** The root logger; components take `logger.child({ component })`. Never log secrets: paths below are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { app: 'nist' },
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization', '*.token', 'token'],
      censor: '[redacted]',
    },
  });
}
