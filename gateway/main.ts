import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './database/connect.js';
import { createLogger } from './logger.js';
import { createGateway } from './start-gateway.js';
import { exitAfterFailedStart } from './startup-errors.js';

const DRAIN_GRACE_MS = 10_000;

/** What a failed start undoes before exiting: set once the database is open. */
let undoStart: (() => Promise<void>) | undefined;

/**
 * Starts the gateway: database (embedded unless DATABASE_URL), migrations, then the gateway
 * itself (start-gateway.ts: registry, pods when Kubernetes is on, HTTP, scheduler, data plane).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kecs-lb: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel, config.logFormat);
  const database = await openDatabase(config, log);
  undoStart = database.close;
  const gateway = await createGateway(config, database, log);

  // Signals are handled from here on, so a SIGTERM that arrives while the API port or the data
  // plane is still starting (health may already answer) still stops Postgres cleanly.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    await gateway.stop(DRAIN_GRACE_MS);
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const port = await gateway.listen();
  log.info({ port, host: config.host, database: config.databaseUrl ? 'external' : 'embedded' }, 'kecs-lb gateway ready');
}

main().catch((error: unknown) => exitAfterFailedStart(error, undoStart));
