import type { Config } from './config.js';

/**
 * A reason the gateway cannot start that the person starting it can fix. Its message is one
 * line, says what to change, and names the setting involved; it never carries a password.
 */
export class StartupError extends Error {}

/**
 * Rewords a failed `server.listen` — whose error knows nothing of KECS_PORT — as a
 * {@link StartupError}; other errors are returned unchanged.
 */
export function listenFailure(error: unknown, { port, host }: Pick<Config, 'port' | 'host'>): unknown {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (syscall !== 'listen') return error;
  if (code === 'EADDRINUSE') return new StartupError(`KECS_PORT ${port} is already in use on ${host} — stop the other process or set KECS_PORT`);
  if (code === 'EACCES') return new StartupError(`KECS_PORT ${port} on ${host} needs privileges this user lacks — choose a port above 1023 with KECS_PORT`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`KECS_HOST ${host} is not an address of this machine — set KECS_HOST (e.g. 127.0.0.1 or 0.0.0.0)`);
  return error;
}

/**
 * Ends a failed start: one stderr line and exit code 1 for a {@link StartupError}; anything else
 * is a bug, printed with its stack. `cleanup` (stopping the embedded Postgres, releasing the data
 * folder) runs first, so nothing is left behind.
 */
export async function exitAfterFailedStart(error: unknown, cleanup: (() => Promise<void>) | undefined): Promise<never> {
  await cleanup?.().catch(() => undefined);
  if (error instanceof StartupError) console.error(`kecs-lb: ${error.message}`);
  else console.error('kecs-lb failed to start:', error);
  process.exit(1);
}
