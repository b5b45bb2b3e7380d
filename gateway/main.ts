import { once } from 'node:events';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './database/connect.js';
import { createHandle } from './handle.js';
import { createInternalRoutes } from './internal-routes.js';
import { createLogger } from './logger.js';
import { loadRegistry } from './registry.js';
import { startScheduler } from './scheduler.js';
import { createGatewayServer } from './server.js';
import { handler as activateLoadBalancers } from '../handlers/scheduled/ActivateLoadBalancers.js';
import { handler as removeDrainedTargets } from '../handlers/scheduled/RemoveDrainedTargets.js';

const DRAIN_GRACE_MS = 10_000;

/** Starts the gateway: database (embedded unless DATABASE_URL), migrations, registry, HTTP, scheduler. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kecs-lb: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  const registry = await loadRegistry(new URL('../handlers/', import.meta.url));
  const handle = createHandle({ registry, db: database.db, config, log, internal: createInternalRoutes(database.db, config) });
  const server = createGatewayServer(handle, log);
  const scheduler = startScheduler(
    [
      { name: 'ActivateLoadBalancers', run: activateLoadBalancers },
      { name: 'RemoveDrainedTargets', run: removeDrainedTargets },
    ],
    { db: database.db, log, now: () => new Date(), config },
    config.tickMs,
  );

  server.listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, host: config.host, database: config.databaseUrl ? 'external' : 'embedded' }, 'kecs-lb gateway ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    const closed = once(server, 'close');
    server.close();
    server.closeIdleConnections();
    // Requests in flight get a grace period to finish, then their connections are cut.
    const grace = setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS);
    await Promise.all([scheduler.stop(), closed]);
    clearTimeout(grace);
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('kecs-lb failed to start:', error);
  process.exit(1);
});
