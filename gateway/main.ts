import { once } from 'node:events';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './database/connect.js';
import { DeferredDataPlane } from './traffic/dataplane/deferred.js';
import { withDataPlaneStatus } from './traffic/dataplane/status.js';
import { createHandle } from './api/handle.js';
import { createInternalRoutes } from './api/internal-routes.js';
import { followPods } from './traffic/kubernetes/follow-pods.js';
import { createLogger } from './logger.js';
import { ec2FactsFor } from './upstream-ec2/create.js';
import { loadRegistry } from './api/registry.js';
import { reservedPorts } from './reserved-ports.js';
import { startScheduler } from './scheduler.js';
import { createGatewayServer } from './api/server.js';
import { exitAfterFailedStart, listenFailure } from './startup-errors.js';
import { handler as activateLoadBalancers } from '../handlers/scheduled/ActivateLoadBalancers.js';
import { handler as removeDrainedTargets } from '../handlers/scheduled/RemoveDrainedTargets.js';
import { handler as healthCheck } from '../handlers/scheduled/HealthCheck.js';

const DRAIN_GRACE_MS = 10_000;

/** What a failed start undoes before exiting: set once the database is open. */
let undoStart: (() => Promise<void>) | undefined;

/**
 * Starts the gateway: database (embedded unless DATABASE_URL), migrations, registry, pods (when
 * Kubernetes is on), HTTP, scheduler, then the data plane.
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
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  undoStart = database.close;
  config = { ...config, reservedPorts: reservedPorts(config, config.port, database.connectionString) };
  const registry = await loadRegistry(new URL('../handlers/', import.meta.url));
  // In a cluster Traefik serves the listeners (KECS_DATAPLANE=off); this process then only answers the API.
  const dataPlane = config.dataPlane === 'embedded' ? new DeferredDataPlane() : undefined;
  const pods = followPods(database.db, config, log);
  const routes = createInternalRoutes(database.db, config, { kubernetesStatus: pods.status });
  const internal = dataPlane ? withDataPlaneStatus(routes, dataPlane.status, config.accountId) : routes;
  // Subnets, security groups and instances from the upstream's EC2, when it serves one (README, EC2 facts).
  const ec2 = ec2FactsFor(config, log);
  const handle = createHandle({ registry, db: database.db, config, log, internal, ec2 });
  const server = createGatewayServer(handle, log, { maxConnections: config.maxConnections, traffic: dataPlane?.matchGatewayHost });
  const scheduler = startScheduler(
    [
      { name: 'ActivateLoadBalancers', run: activateLoadBalancers },
      { name: 'RemoveDrainedTargets', run: removeDrainedTargets },
      { name: 'HealthCheck', run: healthCheck },
    ],
    { db: database.db, log, now: () => new Date(), config },
    config.tickMs,
  );

  // Signals are handled from here on, so a SIGTERM that arrives while the API port or the data
  // plane is still starting (health may already answer) still stops Postgres cleanly.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    const closed = server.listening ? once(server, 'close') : Promise.resolve();
    server.close();
    server.closeIdleConnections();
    // Requests in flight get a grace period to finish, then their connections are cut.
    const grace = setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS);
    await Promise.all([scheduler.stop(), pods.stop(), closed, dataPlane?.stop(DRAIN_GRACE_MS)]);
    clearTimeout(grace);
    ec2.close();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  server.listen(config.port, config.host);
  await once(server, 'listening').catch((error: unknown) => { throw listenFailure(error, config); });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // After the API port is bound, so no stored listener can take it; ports it cannot bind are reported, never fatal.
  await dataPlane?.start({
    db: database.db,
    connectionString: database.connectionString,
    host: config.host,
    apiPort: port,
    maxConnections: config.maxConnections,
    reservedPorts: reservedPorts(config, port, database.connectionString),
    targetAddresses: config.targetAddresses,
    log,
  });
  log.info({ port, host: config.host, database: config.databaseUrl ? 'external' : 'embedded' }, 'kecs-lb gateway ready');
}

main().catch((error: unknown) => exitAfterFailedStart(error, undoStart));
