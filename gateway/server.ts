import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import type { QueryParameterBag } from '@smithy/types';
import type { GatewayTraffic } from './dataplane/data-plane.js';
import type { Handle } from './handle.js';
import type { Logger } from './logger.js';

/** The HTTP edge: the only place that turns node:http messages into `HttpRequest`s and back. */
export function toHttpRequest(incoming: IncomingMessage): HttpRequest {
  const url = new URL(incoming.url ?? '/', 'http://gateway.invalid');
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
 * Serves `handle` over node:http. A request that fails below `handle` still gets a 500. With
 * `traffic`, a request whose Host header is a load balancer's DNS name is load-balancer traffic
 * (`curl http://<dns-name>:4566/`) and goes to the data plane instead, WebSocket upgrades too.
 */
export function createGatewayServer(handle: Handle, log: Logger, traffic?: (host: string | undefined) => GatewayTraffic | undefined): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, (incoming, outgoing) => {
    const loadBalancer = traffic?.(incoming.headers.host);
    if (loadBalancer) return loadBalancer.request(incoming, outgoing);
    handle(toHttpRequest(incoming))
      .then(async (response) => {
        await writeResponse(response, outgoing);
        // A body the handler never read (refused early) is drained so keep-alive can continue.
        if (!incoming.readableEnded) incoming.resume();
      })
      .catch((error: Error) => {
        log.error({ err: error }, 'response failed');
        if (!outgoing.headersSent) outgoing.writeHead(500).end();
        else outgoing.destroy(error);
      });
  });
  if (traffic) {
    // Only load balancers accept upgrades; the AWS API has none.
    server.on('upgrade', (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
      const loadBalancer = traffic(incoming.headers.host);
      if (loadBalancer) loadBalancer.upgrade(incoming, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  }
  return server;
}
