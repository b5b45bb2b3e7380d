import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Body } from '../body.js';
import type { Plan } from './port-plan.js';
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
  /** Rules left out of the table in force, and why. */
  problems: string[];
}

export function dataPlaneStatus(table: Pick<ServedTable, 'version' | 'problems'>, host: string, plan: Plan, ports: readonly PortStatus[]): DataPlaneStatus {
  const byPort = new Map(ports.map((status) => [status.port, status]));
  const listeners = plan.placements.map(({ listener, unserved }): ListenerStatus => {
    const port = byPort.get(listener.port);
    const error = unserved ?? (port ? port.error : 'not opened yet');
    return {
      loadBalancer: listener.loadBalancer.name,
      dnsName: listener.loadBalancer.dnsName,
      listenerArn: listener.arn,
      protocol: listener.protocol,
      port: listener.port,
      bound: !error && port?.bound === true,
      ...(error ? { error } : {}),
    };
  });
  const gatewayHosts = [...plan.gatewayHosts].map(([dnsName, listener]) => ({ dnsName, listenerPort: listener.port }));
  return { version: table.version, host, listeners, gatewayHosts, problems: table.problems };
}

type InternalRoutes = (request: HttpRequest, body: Body) => Promise<HttpResponse | undefined>;

/** Adds `GET /_kecs/dataplane` (the data plane's status as JSON) in front of the other internal routes. */
export function withDataPlaneStatus(internal: InternalRoutes, status: () => DataPlaneStatus): InternalRoutes {
  return async (request, body) => {
    if (request.path === '/_kecs/dataplane' && request.method === 'GET') {
      return new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(status(), null, 2) });
    }
    return internal(request, body);
  };
}
