import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { createGateway } from '../../gateway/start-gateway.js';
import type { TestDatabase } from './database.js';
import { freePort } from './server.js';

/** A gateway started in the test's own process on real loopback sockets. */
export interface InProcessGateway {
  url: string;
  port: number;
  /** What the gateway logged (pino's JSON lines), for assertions and failure messages. */
  output(): string;
  /** Stops the gateway (once; later calls wait for the same stop). The database stays open. */
  stop(): Promise<void>;
}

/**
 * Starts the gateway as `npm start` wires it (gateway/start-gateway.ts: API, scheduler, embedded
 * data plane) on `database`, on a free loopback port unless `port` is given, without a child
 * process: the suite saves the start of a second node and tsx, and nothing of the wiring changes.
 * The configuration comes from `env` only, not from the environment the tests run in.
 */
export async function startInProcessGateway(database: TestDatabase, env: Record<string, string> = {}, port?: number): Promise<InProcessGateway> {
  const chosen = port ?? await freePort();
  const config = loadConfig({
    KECS_PORT: String(chosen),
    KECS_HOST: '127.0.0.1',
    KECS_DATA_DIR: database.config.dataDir,
    KECS_LOG_LEVEL: 'warn',
    DATABASE_URL: database.connectionString,
    ...env,
  });
  let output = '';
  const log = createLogger(config.logLevel, 'json', { write: (line: string) => { output += line; } });
  const gateway = await createGateway(config, database, log);
  try {
    await gateway.listen();
  } catch (error) {
    await gateway.stop(0);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    output: () => output,
    // The suites are done with their requests when they stop it: a short grace is enough.
    stop: () => (stopped ??= gateway.stop(1_000)),
  };
}
