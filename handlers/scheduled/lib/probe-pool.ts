import { FAILED } from './probe-base.js';
import type { ProbeResult } from './target-health.js';

export interface Completed<T> {
  item: T;
  result: ProbeResult;
  /** When the probe finished, on the handler's clock. */
  at: Date;
  /** How long the probe took, in milliseconds (monotonic clock). */
  ms: number;
}

/**
 * Runs probes with at most `limit` in flight and keeps their results until a tick takes them.
 * It outlives a single tick on purpose: a tick waits only a bounded time for its probes, and a
 * probe still running then (a target that hangs until its timeout, or one claimed ahead of its
 * due time) hands its result to a later tick instead of holding back every other target's
 * schedule.
 */
export class ProbePool<T> {
  #active = 0;
  #waiting = 0;
  readonly #queue: Array<() => void> = [];
  readonly #done: Array<Completed<T>> = [];

  constructor(private readonly limit: number, private readonly now: () => Date) {}

  /** Probes whose results no tick has taken yet: scheduled, queued, running, or finished since. */
  get pending(): number {
    return this.#waiting + this.#queue.length + this.#active + this.#done.length;
  }

  /**
   * Starts `run` after `delayMs` (a probe claimed ahead of its due time) once a slot is free;
   * resolves when its result is kept.
   */
  submit(item: T, delayMs: number, run: () => Promise<ProbeResult>): Promise<void> {
    return new Promise((finished) => {
      const start = async () => {
        this.#active++;
        const started = performance.now();
        const result = await run().catch(() => FAILED);
        this.#active--;
        this.#done.push({ item, result, at: this.now(), ms: performance.now() - started });
        this.#queue.shift()?.();
        finished();
      };
      const enqueue = () => {
        if (this.#active < this.limit) void start();
        else this.#queue.push(() => void start());
      };
      if (delayMs <= 0) return enqueue();
      this.#waiting++;
      // Unref'd: a probe claimed ahead never keeps a stopping process alive; if it never runs,
      // its target is simply checked at its next interval.
      setTimeout(() => {
        this.#waiting--;
        enqueue();
      }, delayMs).unref();
    });
  }

  /** The results finished since the last call. */
  take(): Array<Completed<T>> {
    return this.#done.splice(0);
  }
}
