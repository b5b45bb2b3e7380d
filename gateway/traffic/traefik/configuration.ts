import type { RouteTable } from '../route-table/route-table.js';
import { stableJson } from '../route-table/stable-json.js';
import { addAwsEndpoint, type AwsEndpointOptions } from './aws-endpoint.js';
import { forwardService, weighted } from './forward.js';
import { addHttpListener, type HttpDraft } from './http.js';
import { INSECURE_TRANSPORT, listenerKey } from './names.js';
import { placeListeners, type Placement } from './ports.js';
import { tcpTargetGroupService, udpTargetGroupService } from './services.js';
import type { TcpRouter, TcpService, TraefikConfig, UdpRouter, UdpService } from './types.js';

export interface TraefikOptions {
  /** Where Traefik reaches the gateway, for fixed responses and AWS-endpoint ELBv2 calls (e.g. `http://kecs-lb.kecs-system.svc:4566`). */
  actionsUrl: string;
  /**
   * Given: Traefik is also the cluster's AWS endpoint, and the document carries the routers of
   * that entrypoint (aws-endpoint.ts). Absent: only the load balancers' routers.
   */
  aws?: Omit<AwsEndpointOptions, 'kecsUrl'>;
}

interface Draft {
  http: HttpDraft;
  tcp: { routers: Record<string, TcpRouter>; services: Record<string, TcpService> };
  udp: { routers: Record<string, UdpRouter>; services: Record<string, UdpService> };
}

/**
 * Traefik v3's dynamic configuration (HTTP provider) for a route table: HTTP routers per
 * listener rule, TCP/UDP routers per NLB listener, one service per target group listing only its
 * routable targets. See ports.ts for how listeners map to entrypoints. With
 * `options.aws`, also the routers of the AWS API entrypoint (aws-endpoint.ts).
 */
export function renderTraefikConfig(table: RouteTable, options: TraefikOptions): TraefikConfig {
  const draft: Draft = {
    http: { routers: {}, services: {}, middlewares: {} },
    tcp: { routers: {}, services: {} },
    udp: { routers: {}, services: {} },
  };
  for (const placement of placeListeners(table)) {
    if (placement.kind === 'http') addHttpListener(draft.http, placement, table, options.actionsUrl);
    else if (placement.kind === 'tcp') addTcpListener(draft.tcp, placement, table);
    else addUdpListener(draft.udp, placement, table);
  }
  if (options.aws) addAwsEndpoint(draft.http, { ...options.aws, kecsUrl: options.actionsUrl });
  const insecureHttp = Object.values(draft.http.services).some((s) => 'loadBalancer' in s && s.loadBalancer.serversTransport);
  const insecureTcp = Object.values(draft.tcp.services).some((s) => 'loadBalancer' in s && s.loadBalancer.serversTransport);
  return prune({
    http: {
      ...draft.http,
      serversTransports: insecureHttp ? { [INSECURE_TRANSPORT]: { insecureSkipVerify: true } } : {},
    },
    tcp: {
      ...draft.tcp,
      serversTransports: insecureTcp ? { [INSECURE_TRANSPORT]: { tls: { insecureSkipVerify: true } } } : {},
    },
    udp: draft.udp,
  });
}

/**
 * The document as Traefik fetches it: keys sorted at every level, two-space indented, so the same
 * table always gives the same bytes — the HTTP provider reloads only when the body's hash changes.
 */
export function serializeTraefikConfig(config: TraefikConfig): string {
  return stableJson(config);
}

/** An NLB listener accepts only a default forward action: one router for the whole entrypoint. */
function defaultForward(placement: Placement) {
  const rule = placement.listener.rules.find((r) => r.priority === 'default');
  const action = rule?.actions.at(-1);
  return action?.Type === 'forward' ? action : undefined;
}

function addTcpListener(draft: Draft['tcp'], placement: Placement, table: RouteTable): void {
  const action = defaultForward(placement);
  if (!action) return;
  const key = listenerKey(placement.lb, placement.listener);
  const service = forwardService(draft.services, key, action, table, { targetGroup: tcpTargetGroupService, weighted: (children) => weighted(children) });
  if (!service) return;
  // HostSNI(`*`) is the only rule a non-TLS TCP router may have; with TLS it matches every SNI.
  draft.routers[key] = {
    entryPoints: [placement.entryPoint],
    rule: 'HostSNI(`*`)',
    service,
    ...(placement.listener.protocol === 'TLS' ? { tls: {} } : {}),
  };
}

function addUdpListener(draft: Draft['udp'], placement: Placement, table: RouteTable): void {
  const action = defaultForward(placement);
  if (!action) return;
  const key = listenerKey(placement.lb, placement.listener);
  const service = forwardService(draft.services, key, action, table, { targetGroup: udpTargetGroupService, weighted: (children) => weighted(children) });
  // UDP routers have no rule (Traefik docs, UDP routing).
  if (service) draft.routers[key] = { entryPoints: [placement.entryPoint], service };
}

/** Drops empty maps and sections: an empty state is `{}`. */
function prune(config: Record<string, Record<string, Record<string, unknown>>>): TraefikConfig {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [section, maps] of Object.entries(config)) {
    const kept = Object.fromEntries(Object.entries(maps).filter(([, map]) => Object.keys(map).length > 0));
    if (Object.keys(kept).length > 0) out[section] = kept;
  }
  return out as TraefikConfig;
}
