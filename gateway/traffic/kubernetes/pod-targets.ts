import type { Kysely } from 'kysely';
import type { Database } from '../../database/tables.js';
import type { Logger } from '../../logger.js';
import { reconcilePodTargets, type ReconcileOptions } from './apply-pod-targets.js';
import type { PodSnapshot } from './pod-view.js';

/** Keeps pod-made targets in step with the pods and with the target groups' selector tags. */
export interface PodTargets {
  /** The watcher's `onChange`: takes the snapshot and reconciles at once. */
  update(snapshot: PodSnapshot): Promise<void>;
  /** Waits for a pass in flight and runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs reconcilePodTargets on the latest snapshot: when the pods change (the watcher calls
 * `update`), and every `tickMs` as well, because a selector tag added, changed or removed with
 * AddTags/RemoveTags changes which pods belong where without any pod changing. Passes never
 * overlap; a change that arrives during a pass gets one more pass after it. A failing pass (the
 * database away) is logged and the next trigger retries: the pass is level-triggered, so nothing
 * is lost by skipping one.
 */
export function startPodTargets(db: Kysely<Database>, options: Omit<ReconcileOptions, 'log'> & { log: Logger; tickMs: number }): PodTargets {
  const { log, tickMs } = options;
  let latest: PodSnapshot | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const pass = async (): Promise<void> => {
    do {
      again = false;
      if (!latest || stopped) return;
      try {
        const started = performance.now();
        const summary = await reconcilePodTargets(db, latest, options);
        if (summary.groups > 0) log.info({ ...summary, ms: Math.round(performance.now() - started) }, 'targets follow the pods');
      } catch (error) {
        log.error({ err: error }, 'pod targets not reconciled; retrying on the next change or tick');
      }
    } while (again && !stopped);
  };

  const trigger = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => { running = undefined; });
    return running;
  };

  const timer = setInterval(() => void trigger(), tickMs);
  timer.unref();

  return {
    update(snapshot) {
      latest = snapshot;
      return trigger();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
