import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

/** KECS_LOG_FORMAT: `json` (pino's lines), `pretty` (coloured, for people), `auto` (pretty on a terminal). */
export type LogFormat = 'json' | 'pretty' | 'auto';

/** Where log lines go instead of stdout (tests capture them); `isTTY` as a terminal would say. */
export interface LogOutput extends DestinationStream {
  isTTY?: boolean;
}

function options(level: string): LoggerOptions {
  return {
    level,
    // pino's own key for the logger's name, so that `service` stays free for the AWS service of
    // a request line: one key per name (JSON parsers keep only the last of duplicate keys).
    name: 'kecs-lb',
    base: {},
    // Credentials never reach the log.
    redact: {
      paths: ['headers.authorization', 'headers["x-amz-security-token"]', 'headers["x-amz-credential"]'],
      censor: '[redacted]',
    },
  };
}

/**
 * The one root logger: JSON lines, or with `pretty` (or `auto` on a terminal) lines formatted by
 * pino-pretty for people: coloured, the time readable, the never-varying `name` left out.
 * pino-pretty runs as a stream in this thread and writes synchronously, so no line is lost when
 * the process exits right after logging (a start-up failure).
 */
export function createLogger(level: string, format: LogFormat = 'json', output?: LogOutput): Logger {
  const tty = output ? output.isTTY === true : process.stdout.isTTY === true;
  if (format === 'json' || (format === 'auto' && !tty)) return pino(options(level), output ?? pino.destination({ dest: 1, sync: true }));
  return pino(options(level), PinoPretty({
    colorize: true,
    destination: output ?? 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'name',
    singleLine: true,
  }));
}
