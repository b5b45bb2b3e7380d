import type { Logger } from '../logger.js';
import { isConnectionError } from './connection-errors.js';

/** Told of every failure to reach the database; logs the outage once and its end once. */
export interface OutageMonitor {
  failed(error: unknown): void;
  stop(): void;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/**
 * One warning when the database becomes unreachable and one line when it is back, instead of a
 * line per failed call; meanwhile `probe` retries with exponential backoff, so the recovery is
 * noticed (and logged) even when no call comes in. Failures other than connection errors (a bad
 * query) are not outages and are ignored.
 */
export function monitorOutages(probe: () => Promise<unknown>, log: Logger): OutageMonitor {
  let since: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const retry = (backoff: number) => {
    timer = setTimeout(async () => {
      try {
        await probe();
        log.info({ downForMs: Date.now() - since! }, 'database reachable again');
        since = undefined;
      } catch {
        if (!stopped) retry(Math.min(backoff * 2, MAX_BACKOFF_MS));
      }
    }, backoff);
    timer.unref();
  };

  return {
    failed(error) {
      if (stopped || since !== undefined || !isConnectionError(error)) return;
      since = Date.now();
      const { code, message } = error as { code?: string; message?: string };
      log.warn({ code, message }, 'database unreachable: API calls answer ServiceUnavailable until it is back; retrying with backoff');
      retry(MIN_BACKOFF_MS);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
