import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ReservedPort } from '../../config.js';
import type { Database } from '../../database/tables.js';
import type { Logger } from '../../logger.js';
import type { DataPlaneMetrics } from '../../metrics/dataplane.js';
import type { RoutingMetrics } from '../../metrics/routing.js';
import { compileRouteTable } from '../route-table/compile.js';
import { loadRoutingState } from '../route-table/load-state.js';
import type { RouteTable } from '../route-table/route-table.js';
import type { TargetAddresses } from '../../target-addresses.js';
import type { RecentRequests } from '../../console/recent-requests.js';
import { AccessLog } from './access-log.js';
import { Balancers } from './balancer.js';
import { startFollower } from './follower.js';
import { answerHttp, answerUpgrade, type TrafficContext } from './listener-handler.js';
import { LoopGuard } from './loop-guard.js';
import { listenerForHost, planPorts, type Plan, type PortKind } from './port-plan.js';
import { PortServers } from './port-servers.js';
import { hostOf } from './request-facts.js';
import { errorResponse, rawResponse, send } from './responses.js';
import { serveTable, type ServedTable } from './served-table.js';
import { dataPlaneStatus, type DataPlaneStatus } from './status.js';
import { answerTcp } from './tcp-proxy.js';
import { UpstreamPool } from './upstream-pool.js';

/** How the gateway hands a request for a load balancer's DNS name to the data plane. */
export interface GatewayTraffic {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface DataPlane {
  /** The handler for a gateway-port request whose Host header is an ALB's DNS name, if it is one. */
  matchGatewayHost(host: string | undefined): GatewayTraffic | undefined;
  status(): DataPlaneStatus;
  /** Stops following the state and closes every listener port (open requests get `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface DataPlaneDependencies {
  db: Kysely<Database>;
  /** For the dedicated LISTEN connection. */
  connectionString: string;
  /** KECS_HOST: the address listener ports are bound on. */
  host: string;
  /** KECS_MAX_CONNECTIONS: open connections per listener port. */
  maxConnections: number;
  /** The port the API answers on, bound before the data plane starts; it also serves ALBs by Host. */
  apiPort: number;
  /** Ports the gateway uses (the API's, a local database's): listeners on them are not bound. */
  reservedPorts: readonly ReservedPort[];
  /** KECS_TARGET_ADDRESSES: targets elsewhere receive no traffic. */
  targetAddresses: TargetAddresses;
  log: Logger;
  /** Where requests and connections are counted (metrics/dataplane.ts); absent, they are not. */
  metrics?: DataPlaneMetrics;
  /** Where route-table reloads are counted. */
  routing?: RoutingMetrics;
  /** KECS_ACCESS_LOG: `stdout` or a file for one line per HTTP request; absent, none is written. */
  accessLog?: string;
  /** The console's last requests of each listener; absent (KECS_CONSOLE=off), none are kept. */
  recentRequests?: RecentRequests;
  /** Told the routing version of each new table put in force (the console's live updates). */
  routingApplied?: (version: string) => void;
}

interface Current {
  table: ServedTable;
  plan: Plan;
  gateway: Map<string, GatewayTraffic>;
}

/**
 * The embedded data plane (DESIGN §5): follows the route table, serves every HTTP and TCP
 * listener on its own port, and every ALB on the gateway port by Host header. The table in
 * force is one object, replaced whole on reload, so a request sees one consistent table.
 */
export async function startDataPlane(deps: DataPlaneDependencies): Promise<DataPlane> {
  const { log } = deps;
  const balancers = new Balancers();
  const pool = new UpstreamPool();
  const empty = serveTable({ version: '', loadBalancers: [], targetGroups: {} });
  let current: Current = { table: empty, plan: planPorts([]), gateway: new Map() };
  // `ports` is declared below; the guard asks it only while traffic flows.
  const loops = new LoopGuard((port) => (port === deps.apiPort ? 'http' : ports.boundKind(port)));
  const accessLog = deps.accessLog || deps.recentRequests ? new AccessLog(deps.accessLog, deps.recentRequests) : undefined;
  const ctx: TrafficContext = { groups: () => current.table.groups, balancers, pool, loops, now: Date.now, metrics: deps.metrics, accessLog };

  const httpListener = (port: number, req: IncomingMessage) => {
    const plan = current.plan.ports.get(port);
    return plan?.kind === 'http' ? listenerForHost(plan, hostOf(req.headers.host)) : undefined;
  };
  const ports = new PortServers(deps.host, {
    request(port, req, res) {
      const listener = httpListener(port, req);
      if (listener) answerHttp(ctx, listener, req, res);
      else send(res, errorResponse(404));
    },
    upgrade(port, req, socket, head) {
      const listener = httpListener(port, req);
      if (listener) answerUpgrade(ctx, listener, req, socket, head);
      else socket.end(rawResponse(errorResponse(404)));
    },
    connection(port, socket: Socket) {
      const plan = current.plan.ports.get(port);
      if (plan?.kind === 'tcp') answerTcp(ctx, plan.listeners[0], socket);
      else socket.resetAndDestroy();
    },
  }, log, deps.maxConnections);

  const apply = async (table: RouteTable) => {
    if (table.version !== current.table.version) {
      const served = serveTable(table, deps.targetAddresses.allows);
      for (const problem of served.problems) log.warn({ version: served.version }, problem);
      const plan = planPorts(served.listeners, deps.reservedPorts);
      for (const { listener, unserved } of plan.placements) {
        if (unserved && deps.reservedPorts.some((r) => r.port === listener.port)) log.warn({ listener: listener.arn }, `listener not served: ${unserved}`);
      }
      const gateway = new Map([...plan.gatewayHosts].map(([host, listener]): [string, GatewayTraffic] => [host, {
        request: (req, res) => answerHttp(ctx, listener, req, res),
        upgrade: (req, socket, head) => answerUpgrade(ctx, listener, req, socket, head),
      }]));
      current = { table: served, plan, gateway };
      balancers.retain(new Set(Object.keys(served.groups)));
      deps.metrics?.retain(new Set(served.listeners.map((listener) => listener.loadBalancer.arn)));
      deps.routing?.inForce(served.version);
      deps.recentRequests?.retain(new Set(served.listeners.map((listener) => listener.arn)));
      deps.routingApplied?.(served.version);
      log.debug({ version: served.version, listeners: served.listeners.length }, 'route table in force');
    }
    await ports.reconcile(new Map([...current.plan.ports].map(([port, plan]): [number, PortKind] => [port, plan.kind])));
  };

  const follower = await startFollower({
    connectionString: deps.connectionString,
    load: async () => compileRouteTable(await loadRoutingState(deps.db)),
    apply,
    log,
    metrics: deps.routing,
  });

  return {
    matchGatewayHost: (host) => (current.gateway.size === 0 ? undefined : current.gateway.get(hostOf(host))),
    status: () => dataPlaneStatus(current.table, deps.host, current.plan, ports.status()),
    async stop(graceMs = 10_000) {
      await follower.stop();
      await ports.closeAll(graceMs);
      pool.destroy();
      await accessLog?.close();
    },
  };
}
