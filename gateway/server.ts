import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import type { QueryParameterBag } from '@smithy/types';
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

/** Serves `handle` over node:http. A request that fails below `handle` still gets a 500. */
export function createGatewayServer(handle: Handle, log: Logger): Server {
  return createServer({ keepAliveTimeout: 65_000 }, (incoming, outgoing) => {
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
}
