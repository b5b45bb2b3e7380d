import { pino, type Logger } from 'pino';

export type { Logger };

/** The one root logger; credentials never reach the log. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'kecs-lb' },
    redact: {
      paths: ['headers.authorization', 'headers["x-amz-security-token"]', 'headers["x-amz-credential"]'],
      censor: '[redacted]',
    },
  });
}
