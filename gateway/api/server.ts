import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import type { QueryParameterBag } from '@smithy/types';
import type { GatewayTraffic } from '../traffic/dataplane/data-plane.js';
import { refuseConnect } from '../traffic/dataplane/port-servers.js';
import type { Handle } from './handle.js';
import type { Logger } from '../logger.js';
import { parseRequestTarget } from './request-target.js';
import { shielded } from './shield.js';

/**
 * The HTTP edge: the only place that turns node:http messages into `HttpRequest`s and back.
 * Undefined for a request target that names no path (answered 400).
 */
export function toHttpRequest(incoming: IncomingMessage): HttpRequest | undefined {
  const url = parseRequestTarget(incoming.url ?? '/');
  if (!url) return undefined;
  const query: QueryParameterBag = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : ([] as Array<string | null>).concat(existing, value) as string[];
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const [hostname, port] = (incoming.headers.host ?? '').split(':');
  return new HttpRequest({
    method: incoming.method ?? 'GET',
    protocol: 'http:',
    hostname,
    port: port ? Number(port) : undefined,
    path: url.pathname,
    query,
    headers,
    body: incoming,
  });
}

async function writeResponse(response: HttpResponse, outgoing: ServerResponse): Promise<void> {
  const body: unknown = response.body;
  outgoing.writeHead(response.statusCode, response.headers);
  if (body === undefined || body === null) {
    outgoing.end();
  } else if (typeof body === 'string' || body instanceof Uint8Array) {
    outgoing.end(body);
  } else {
    await pipeline(body as Readable, outgoing);
  }
}

/**
 * Limits that keep slow or idle clients from holding the API: AWS SDK requests are small and sent
 * at once, so the head must arrive within 10 s and the whole request within 60 s; node checks
 * these every second instead of every 30 s.
 */
const API_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1_000, keepAliveTimeout: 65_000 };

export interface GatewayServerOptions {
  /** Open connections accepted at most (KECS_MAX_CONNECTIONS); further ones are closed at once. */
  maxConnections: number;
  /**
   * The data plane's handler for a Host header that is a load balancer's DNS name, which makes
   * the request load-balancer traffic (`curl http://<dns-name>:4566/`), WebSocket upgrades too.
   */
  traffic?: (host: string | undefined) => GatewayTraffic | undefined;
}

/**
 * Serves `handle` over node:http. A request that fails below `handle` still gets a 500; a request
 * target that cannot be parsed gets a 400 — no request can end the process.
 */
export function createGatewayServer(handle: Handle, log: Logger, { maxConnections, traffic }: GatewayServerOptions): Server {
  const failed = (_: IncomingMessage, outgoing: ServerResponse) => {
    if (!outgoing.headersSent) outgoing.writeHead(500, { connection: 'close' }).end();
    else outgoing.destroy();
  };
  const server = createServer(API_TIMEOUTS, shielded(log, failed, (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const loadBalancer = traffic?.(incoming.headers.host);
    if (loadBalancer) return loadBalancer.request(incoming, outgoing);
    const request = toHttpRequest(incoming);
    if (!request) {
      outgoing.writeHead(400, { connection: 'close' }).end();
      return;
    }
    handle(request)
      .then(async (response) => {
        await writeResponse(response, outgoing);
        // A body the handler never read (refused early) is drained so keep-alive can continue.
        if (!incoming.readableEnded) incoming.resume();
      })
      .catch((error: NodeJS.ErrnoException) => {
        // A client that leaves while a streamed body is still being sent (a closed console page,
        // whose event stream never ends by itself) is not a failure; pipeline has closed both ends.
        if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' && outgoing.headersSent) return;
        log.error({ err: error }, 'response failed');
        if (!outgoing.headersSent) outgoing.writeHead(500).end();
        else outgoing.destroy(error);
      });
  }));
  if (traffic) {
    // Only load balancers accept upgrades; the AWS API has none.
    server.on('upgrade', shielded(log, (_: IncomingMessage, socket: Duplex, __: Buffer) => socket.destroy(), (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
      const loadBalancer = traffic(incoming.headers.host);
      if (loadBalancer) loadBalancer.upgrade(incoming, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    }));
  }
  server.on('connect', refuseConnect);
  server.maxConnections = maxConnections;
  return server;
}
