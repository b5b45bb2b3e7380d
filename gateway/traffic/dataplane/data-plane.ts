import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
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
import { UdpPorts } from './udp-ports.js';
import { routeUdp } from './udp-route.js';
import { UpstreamPool } from './upstream-pool.js';
import { upstreamAcm } from './tls/acm-certificates.js';
import { ListenerCertificates } from './tls/listener-certificates.js';
import { LocalCa } from './tls/local-ca.js';
import { portTls, type PortTls } from './tls/port-tls.js';
import { admitClient } from './tls/mutual-tls-server.js';
import { terminateTls } from './tls/terminate.js';

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
  /** KECS_MAX_CONNECTIONS: open connections per listener port (open flows per UDP port). */
  maxConnections: number;
  /** KECS_UDP_IDLE_TIMEOUT_SECONDS in milliseconds: a UDP flow idle this long ends. */
  udpIdleTimeoutMs: number;
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
  /** KECS_UPSTREAM_URL: where ACM certificates of HTTPS and TLS listeners are looked up. */
  upstreamUrl?: string;
  /** The console's last requests of each listener; absent (KECS_CONSOLE=off), none are kept. */
  recentRequests?: RecentRequests;
  /** Told the routing version of each new table put in force (the console's live updates). */
  routingApplied?: (version: string) => void;
}

interface Current {
  table: ServedTable;
  plan: Plan;
  gateway: Map<string, GatewayTraffic>;
  /** HTTPS and TLS ports: the certificates they present. */
  tls: Map<number, PortTls>;
}

/**
 * The embedded data plane (DESIGN §5): follows the route table, serves every HTTP, HTTPS, TCP,
 * TLS, UDP and TCP_UDP listener on its own port (TLS terminated here, tls/), and every ALB on the
 * gateway port by Host header. The table in
 * force is one object, replaced whole on reload, so a request sees one consistent table.
 */
export async function startDataPlane(deps: DataPlaneDependencies): Promise<DataPlane> {
  const { log } = deps;
  const balancers = new Balancers();
  const pool = new UpstreamPool();
  const empty = serveTable({ version: '', loadBalancers: [], targetGroups: {} });
  let current: Current = { table: empty, plan: planPorts([]), gateway: new Map(), tls: new Map() };
  const certificates = new ListenerCertificates(new LocalCa(deps.db), deps.upstreamUrl ? upstreamAcm(deps.upstreamUrl, log) : undefined);
  // `ports` and `udpPorts` are declared below; the guard asks them only while traffic flows.
  const loops = new LoopGuard((port, kind) => {
    if (kind === 'udp') return udpPorts.isBound(port) ? 'udp' : undefined;
    return port === deps.apiPort ? 'http' : ports.boundKind(port);
  });
  const accessLog = deps.accessLog || deps.recentRequests ? new AccessLog(deps.accessLog, deps.recentRequests) : undefined;
  const ctx: TrafficContext = { groups: () => current.table.groups, balancers, pool, loops, now: Date.now, metrics: deps.metrics, accessLog };

  const httpListener = (port: number, req: IncomingMessage) => {
    const plan = current.plan.ports.get(port);
    if (plan?.kind === 'http') return listenerForHost(plan, hostOf(req.headers.host));
    if (plan?.kind !== 'https') return undefined;
    return listenerForHost(plan, hostOf(req.headers.host)) ?? current.tls.get(port)?.listenerFor((req.socket as TLSSocket).servername || undefined);
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
      const tls = current.tls.get(port);
      if (plan?.kind === 'tcp') answerTcp(ctx, plan.listeners[0], socket);
      else if (plan?.kind === 'tls' && tls) terminateTls(socket, tls, (secure) => answerTcp(ctx, tls.listener, secure, socket));
      else socket.resetAndDestroy();
    },
    secure: (port) => current.tls.get(port),
    secured(port, socket) {
      // Mutual TLS: the listener the client's SNI reaches decides on its certificate, once per connection.
      const policy = current.tls.get(port)?.listenerFor(socket.servername || undefined).mutualAuth;
      if (!policy) return;
      const verdict = admitClient(socket, policy, port);
      if (verdict.outcome.accepted) log.debug(verdict.log, 'mutual TLS: client certificate accepted');
      else log.warn(verdict.log, 'mutual TLS: client certificate refused, connection closed');
    },
  }, log, deps.maxConnections);
  const udpPorts = new UdpPorts(deps.host, (port, client) => routeUdp(ctx, current.plan.udpPorts.get(port)?.listeners[0], client), log, {
    idleTimeoutMs: deps.udpIdleTimeoutMs,
    maxFlows: deps.maxConnections,
  });

  /**
   * The certificates of the plan's HTTPS and TLS ports. A port whose certificates cannot be had
   * now (the database away) keeps the ones it had, or stays closed until a later reload.
   */
  const securePorts = async (plan: Plan): Promise<Map<number, PortTls>> => {
    const secured = new Map<number, PortTls>();
    await Promise.all([...plan.ports.values()].filter((p) => p.kind === 'https' || p.kind === 'tls').map(async (p) => {
      try {
        secured.set(p.port, await portTls(p.listeners, certificates));
      } catch (error) {
        log.error({ err: error, port: p.port }, 'listener certificates could not be prepared');
        const previous = current.tls.get(p.port);
        if (previous) secured.set(p.port, previous);
      }
    }));
    return secured;
  };

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
      current = { table: served, plan, gateway, tls: await securePorts(plan) };
      balancers.retain(new Set(Object.keys(served.groups)));
      deps.metrics?.retain(new Set(served.listeners.map((listener) => listener.loadBalancer.arn)));
      deps.routing?.inForce(served.version);
      deps.recentRequests?.retain(new Set(served.listeners.map((listener) => listener.arn)));
      deps.routingApplied?.(served.version);
      log.debug({ version: served.version, listeners: served.listeners.length }, 'route table in force');
    }
    const wanted = [...current.plan.ports].filter(([port, plan]) => (plan.kind !== 'https' && plan.kind !== 'tls') || current.tls.has(port));
    await Promise.all([
      ports.reconcile(new Map(wanted.map(([port, plan]): [number, PortKind] => [port, plan.kind]))),
      udpPorts.reconcile(new Set(current.plan.udpPorts.keys())),
    ]);
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
    status: () => dataPlaneStatus(current.table, deps.host, current.plan, [...ports.status(), ...udpPorts.status()]),
    async stop(graceMs = 10_000) {
      await follower.stop();
      udpPorts.closeAll();
      await ports.closeAll(graceMs);
      pool.destroy();
      await accessLog?.close();
    },
  };
}
