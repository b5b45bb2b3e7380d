import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './database/tables.js';
import type { Logger } from './logger.js';
import type { HealthCheckMetrics } from './metrics/health-checks.js';

/** What a scheduled handler (`handlers/scheduled/<Name>.ts`) receives each tick. */
export interface ScheduledContext {
  db: Kysely<Database>;
  log: Logger;
  now(): Date;
  config: Config;
  /** Where the health checker counts its probes; absent (tests), they are not counted. */
  healthChecks?: HealthCheckMetrics;
  /**
   * Told when a task wrote something the console shows that bumps no routing version (health
   * check times and latencies, load balancers turning active), so open console pages follow.
   */
  changed?: () => void;
}

export interface ScheduledTask {
  name: string;
  run(ctx: ScheduledContext): Promise<unknown>;
}

export interface Scheduler {
  /** Stops future ticks and waits for the ones in flight. */
  stop(): Promise<void>;
}

/**
 * Runs every task once per `tickMs`. A task still running when its next tick comes is skipped
 * (in-flight guard), a failing tick is logged and the next one retries, and the timer is unref'd
 * so it never keeps the process alive on its own.
 */
export function startScheduler(tasks: ScheduledTask[], ctx: ScheduledContext, tickMs: number): Scheduler {
  const running = new Map<string, Promise<void>>();
  const timer = setInterval(() => {
    for (const task of tasks) {
      if (running.has(task.name)) continue;
      const run = task.run(ctx)
        .then(() => undefined, (error: unknown) => ctx.log.error({ err: error, task: task.name }, 'scheduled task failed'))
        .finally(() => running.delete(task.name));
      running.set(task.name, run);
    }
  }, tickMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
