// The subset of Traefik v3's dynamic configuration kecs-lb emits. Field names are the Go json tags
// of traefik/traefik pkg/config/dynamic/{http_config,tcp_config,udp_config,middlewares}.go
// (reference/traefik.md §1.7); the HTTP provider decodes strictly, so nothing else may appear.

export interface StickyCookie {
  name: string;
  maxAge: number;
}

export interface HttpRouter {
  entryPoints: string[];
  rule: string;
  priority: number;
  service: string;
  middlewares?: string[];
  /** `{}` makes the router answer TLS connections with Traefik's default certificate. */
  tls?: Record<string, never>;
}

export interface WeightedChild {
  name: string;
  weight: number;
}

export type HttpService =
  | {
    loadBalancer: {
      servers: { url: string }[];
      strategy: 'wrr' | 'p2c';
      passHostHeader: boolean;
      sticky?: { cookie: StickyCookie };
      serversTransport?: string;
    };
  }
  | { weighted: { services: WeightedChild[]; sticky?: { cookie: StickyCookie } } };

export type HttpMiddleware =
  | { redirectRegex: { regex: string; replacement: string; permanent: boolean } }
  | { replacePath: { path: string } }
  | { replacePathRegex: { regex: string; replacement: string } }
  | { headers: { customRequestHeaders: Record<string, string> } };

export interface TcpRouter {
  entryPoints: string[];
  rule: string;
  service: string;
  tls?: Record<string, never>;
}

export type TcpService =
  | { loadBalancer: { servers: { address: string; tls?: boolean }[]; serversTransport?: string } }
  | { weighted: { services: WeightedChild[] } };

export interface UdpRouter {
  entryPoints: string[];
  service: string;
}

export type UdpService =
  | { loadBalancer: { servers: { address: string }[] } }
  | { weighted: { services: WeightedChild[] } };

/** A dynamic configuration document; empty sections are left out. */
export interface TraefikConfig {
  http?: {
    routers?: Record<string, HttpRouter>;
    services?: Record<string, HttpService>;
    middlewares?: Record<string, HttpMiddleware>;
    serversTransports?: Record<string, { insecureSkipVerify: boolean }>;
  };
  tcp?: {
    routers?: Record<string, TcpRouter>;
    services?: Record<string, TcpService>;
    serversTransports?: Record<string, { tls: { insecureSkipVerify: boolean } }>;
  };
  udp?: { routers?: Record<string, UdpRouter>; services?: Record<string, UdpService> };
}
