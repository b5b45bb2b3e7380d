import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The one root logger; credentials never reach the log. It writes to stdout unless told otherwise (tests keep it). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'kecs-lb' },
    redact: {
      paths: ['headers.authorization', 'headers["x-amz-security-token"]', 'headers["x-amz-credential"]'],
      censor: '[redacted]',
    },
  }, destination);
}
