import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Body } from '../../api/body.js';
import { accountFrom, readHints } from '../../api/detect.js';
import type { Plan, PortKind } from './port-plan.js';
import type { PortStatus } from './port-servers.js';
import type { ServedTable } from './served-table.js';

export interface ListenerStatus {
  loadBalancer: string;
  dnsName: string;
  listenerArn: string;
  protocol: string;
  port: number;
  /** True when the listener answers on its own port on `host`. */
  bound: boolean;
  /** Why it does not, when it does not. */
  error?: string;
}

export interface DataPlaneStatus {
  /** The routing version of the table in force. */
  version: string;
  host: string;
  listeners: ListenerStatus[];
  /** ALBs answering on the gateway port by Host header, and the listener port whose rules apply. */
  gatewayHosts: Array<{ dnsName: string; listenerPort: number }>;
  /**
   * What does not work as asked, and why: rules and targets left out of the table in force, and
   * listeners that do not answer on their own port (reserved, unbindable, or not servable here).
   */
  problems: string[];
}

export function dataPlaneStatus(table: Pick<ServedTable, 'version' | 'problems'>, host: string, plan: Plan, ports: readonly PortStatus[]): DataPlaneStatus {
  // TCP and UDP port numbers are separate namespaces: a TCP_UDP listener has a server in each.
  const namespace = (kind: PortKind) => (kind === 'udp' ? 'udp' : 'tcp');
  const byPort = new Map(ports.map((status) => [`${namespace(status.kind)}:${status.port}`, status]));
  const listeners = plan.placements.map(({ listener, unserved, kinds = [] }): ListenerStatus => {
    const servers = kinds.map((kind) => byPort.get(`${namespace(kind)}:${listener.port}`));
    const error = unserved ?? (servers.some((server) => !server) ? 'not opened yet' : servers.find((server) => server?.error)?.error);
    return {
      loadBalancer: listener.loadBalancer.name,
      dnsName: listener.loadBalancer.dnsName,
      listenerArn: listener.arn,
      protocol: listener.protocol,
      port: listener.port,
      bound: !error && servers.length > 0 && servers.every((server) => server?.bound === true),
      ...(error ? { error } : {}),
    };
  });
  const gatewayHosts = [...plan.gatewayHosts].map(([dnsName, listener]) => ({ dnsName, listenerPort: listener.port }));
  const unserved = listeners.filter((l) => l.error !== undefined && l.error !== 'not opened yet')
    .map((l) => `listener ${l.listenerArn} is not served on port ${l.port}: ${l.error}`);
  return { version: table.version, host, listeners, gatewayHosts, problems: [...table.problems, ...unserved] };
}

const ARN_ACCOUNT = /arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]*:(\d{12}):/g;

/** Whether every ELBv2 ARN in `text` belongs to `account`. */
function onlyOf(text: string, account: string): boolean {
  return [...text.matchAll(ARN_ACCOUNT)].every((match) => match[1] === account);
}

/**
 * The status as one account sees it: its own load balancers, gateway hosts and problems. Like
 * every Describe* call, an account sees only its resources. This is tidiness, not a security
 * boundary: the gateway checks no signatures, so any caller can name any account.
 */
export function statusOf(status: DataPlaneStatus, account: string): DataPlaneStatus {
  const listeners = status.listeners.filter((l) => onlyOf(l.listenerArn, account));
  const dnsNames = new Set(listeners.map((l) => l.dnsName));
  return {
    ...status,
    listeners,
    gatewayHosts: status.gatewayHosts.filter((g) => dnsNames.has(g.dnsName)),
    problems: status.problems.filter((problem) => onlyOf(problem, account)),
  };
}

type InternalRoutes = (request: HttpRequest, body: Body) => Promise<HttpResponse | undefined>;

/**
 * Adds `GET /_kecs/dataplane` (the data plane's status as JSON) in front of the other internal
 * routes, for the caller's account: the one of its SigV4 credential, as for API calls
 * (detect.ts), else `defaultAccount` (KECS_ACCOUNT_ID) — so a plain `curl` sees the default account.
 */
export function withDataPlaneStatus(internal: InternalRoutes, status: () => DataPlaneStatus, defaultAccount: string): InternalRoutes {
  return async (request, body) => {
    if (request.path === '/_kecs/dataplane' && request.method === 'GET') {
      const account = accountFrom(readHints(request), defaultAccount);
      return new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(statusOf(status(), account), null, 2) });
    }
    return internal(request, body);
  };
}
