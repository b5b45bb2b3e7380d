import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Config } from './config.js';
import { createConsole } from './console/console.js';
import type { DatabaseHandle } from './database/connect.js';
import { DeferredDataPlane } from './traffic/dataplane/deferred.js';
import { withDataPlaneStatus } from './traffic/dataplane/status.js';
import { createHandle } from './api/handle.js';
import { createInternalRoutes } from './api/internal-routes.js';
import { followPods } from './traffic/kubernetes/follow-pods.js';
import type { Logger } from './logger.js';
import { loadRegistry } from './api/registry.js';
import { reservedPorts } from './reserved-ports.js';
import { startScheduler } from './scheduler.js';
import { withMetricsEndpoint } from './metrics/endpoint.js';
import type { CompletedRequest } from './metrics/api.js';
import { createMetrics } from './metrics/metrics.js';
import { loadScheduledTasks } from './scheduled-tasks.js';
import { createGatewayServer } from './api/server.js';
import { listenFailure } from './startup-errors.js';
import { ec2FactsFor } from './upstream-ec2/create.js';

/** A gateway wired on an open database, not yet answering: `listen` starts it, `stop` ends it. */
export interface Gateway {
  /** Binds the API port (KECS_PORT on KECS_HOST), then starts the data plane; answers the port bound. */
  listen(): Promise<number>;
  /**
   * Stops taking requests, gives those in flight `graceMs` before their connections are cut,
   * and stops the scheduler, the pod watcher and the data plane. The database stays open: it is
   * the caller's. Safe while `listen` is still under way.
   */
  stop(graceMs: number): Promise<void>;
}

/**
 * Wires the gateway as `npm start` runs it, on a database already open and migrated: registry,
 * pods (when Kubernetes is on), the HTTP edge, the scheduler, and the embedded data plane unless
 * KECS_DATAPLANE=off. gateway/main.ts adds the process around it (configuration from the
 * environment, the database, signals, exit codes); tests start it in their own process.
 */
export async function createGateway(startConfig: Config, database: DatabaseHandle, log: Logger): Promise<Gateway> {
  const config = { ...startConfig, reservedPorts: reservedPorts(startConfig, startConfig.port, database.connectionString) };
  const registry = await loadRegistry(new URL('../handlers/', import.meta.url));
  const tasks = await loadScheduledTasks(new URL('../handlers/scheduled/', import.meta.url));
  // In a cluster Traefik serves the listeners (KECS_DATAPLANE=off); this process then only answers the API.
  const dataPlane = config.dataPlane === 'embedded' ? new DeferredDataPlane() : undefined;
  const pods = await followPods(database.db, config, log);
  // The browser console (gateway/console/): fed by the routing version the data plane follows,
  // the scheduled tasks, this gateway's API writes, and the data plane's requests.
  const browserConsole = createConsole(database.db, config, log);
  const routes = browserConsole.withRoutes(createInternalRoutes(database.db, config, { kubernetesStatus: pods.status }));
  const internal = dataPlane ? withDataPlaneStatus(routes, dataPlane.status, config.accountId) : routes;
  const metrics = createMetrics(database.db);
  const completed = (request: CompletedRequest) => {
    metrics.api.completed(request);
    browserConsole.answered(request.operation, request.status);
  };
  // Subnets, security groups and instances from the upstream's EC2, when it serves one (README, EC2 facts).
  const ec2 = await ec2FactsFor(config, log);
  const api = createHandle({ registry, db: database.db, cache: database.cache, config, log, internal, ec2, completed });
  const handle = withMetricsEndpoint(api, metrics, config.allowedHosts);
  const server = createGatewayServer(handle, log, { maxConnections: config.maxConnections, traffic: dataPlane?.matchGatewayHost });
  // Every connection of the API port, WebSockets to load balancers (by Host) included: node's
  // closeAllConnections() knows only HTTP connections, and an upgraded one would hold the
  // shutdown until the load balancer's idle timeout (up to 4000 s).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const scheduler = startScheduler(tasks, {
    db: database.db, log, now: () => new Date(), config, healthChecks: metrics.healthChecks, changed: browserConsole.changed,
  }, config.tickMs);

  return {
    async listen() {
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
        udpIdleTimeoutMs: config.udpIdleTimeoutSeconds * 1000,
        reservedPorts: reservedPorts(config, port, database.connectionString),
        targetAddresses: config.targetAddresses,
        log,
        metrics: metrics.dataPlane,
        routing: metrics.routing,
        accessLog: config.accessLog,
        upstreamUrl: config.upstreamUrl,
        recentRequests: browserConsole.recentRequests,
        routingApplied: browserConsole.changed,
      });
      await browserConsole.start(database.connectionString, dataPlane !== undefined);
      return port;
    },
    async stop(graceMs) {
      const closed = server.listening ? once(server, 'close') : Promise.resolve();
      server.close();
      // Open console pages hold their event streams until ended here.
      const consoleStopped = browserConsole.stop();
      server.closeIdleConnections();
      // Requests in flight get a grace period to finish, then their connections are cut.
      const grace = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      await Promise.all([scheduler.stop(), pods.stop(), closed, dataPlane?.stop(graceMs), consoleStopped]);
      clearTimeout(grace);
      ec2.close();
    },
  };
}
