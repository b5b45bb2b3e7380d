import pg from 'pg';
import { ROUTING_CHANNEL } from '../../database/routing-version.js';
import type { Logger } from '../../logger.js';
import type { RoutingMetrics } from '../../metrics/routing.js';

export interface FollowerOptions<T> {
  /** A dedicated connection: LISTEN needs a session of its own, never a pooled client. */
  connectionString: string;
  /** What follows the version: the route table for the data plane, the version alone for the console. */
  load(): Promise<T>;
  /** Called after every load, changed or not (the data plane uses it to retry unbound ports). */
  apply(loaded: T): Promise<void>;
  log: Logger;
  /** Reload even without a notification this often, in case one was lost. */
  safetyIntervalMs?: number;
  /** Counts notifications and reloads. */
  metrics?: RoutingMetrics;
}

export interface Follower {
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/**
 * Follows the routing version (DESIGN §3, §5): every committed routing change NOTIFYs
 * `kecs_routing`, and each notification reloads the table. Bursts coalesce: a reload in progress
 * is followed by exactly one more if anything arrived meanwhile. A periodic reload covers a lost
 * notification or a dropped LISTEN connection, which is re-established with backoff (and
 * followed by a reload, for what was missed while it was down). Resolves after the first load.
 */
export async function startFollower<T>(options: FollowerOptions<T>): Promise<Follower> {
  const { log } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let backoff = MIN_BACKOFF_MS;

  const reloadOnce = async () => {
    const started = performance.now();
    try {
      await options.apply(await options.load());
      options.metrics?.reloaded(true, (performance.now() - started) / 1000);
    } catch (error) {
      options.metrics?.reloaded(false, (performance.now() - started) / 1000);
      log.warn({ err: error }, 'route table reload failed; the previous table stays in force');
    }
  };
  const reload = (): Promise<void> => {
    // A notification can still arrive while the LISTEN session ends: once stopped, nothing more
    // is applied (the data plane closes its ports after stop(), and a late table would reopen them).
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await reloadOnce();
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };

  const listen = async () => {
    retry = undefined;
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.connectionString, keepAlive: true });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => undefined);
      if (stopped) return;
      log.warn({ err: error, retryInMs: backoff }, 'routing LISTEN connection lost; reconnecting');
      retry = setTimeout(() => void listen(), backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
    next.on('error', lost);
    next.on('end', () => lost());
    next.on('notification', () => {
      options.metrics?.notified();
      void reload();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${ROUTING_CHANNEL}`);
      backoff = MIN_BACKOFF_MS;
      void reload();
    } catch (error) {
      lost(error as Error);
    }
  };

  await listen();
  // The LISTEN connection's first reload is under way unless the database could not be reached.
  await (running ?? reload());
  const safety = setInterval(() => void reload(), options.safetyIntervalMs ?? 5_000);
  safety.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(safety);
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      await Promise.all([current?.end().catch(() => undefined), running]);
    },
  };
}
