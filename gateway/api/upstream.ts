import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Body } from './body.js';
import { ServiceError } from './errors.js';
import { formatQuery } from './query-string.js';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function pathWithQuery(request: HttpRequest): string {
  const query = formatQuery(request.query);
  return query ? `${request.path}?${query}` : request.path;
}

/**
 * Streams a request for a service kecs-lb does not implement to `upstreamUrl` (e.g. LocalStack)
 * unchanged — method, path, headers (Host included, so SigV4 signatures stay valid) and body —
 * and streams the answer back.
 */
export async function forwardUpstream(upstreamUrl: string, request: HttpRequest, body: Body): Promise<HttpResponse> {
  const base = new URL(upstreamUrl);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(key.toLowerCase())) headers[key] = value;
  }
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = send({
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port,
      method: request.method,
      path: pathWithQuery(request),
      headers,
    }, resolve);
    outgoing.on('error', (error) => reject(new ServiceError('ServiceUnavailable', `The upstream ${base.origin} could not be reached: ${error.message}`, 502, false)));
    const source = body === undefined ? Readable.from([]) : Readable.from(typeof body === 'string' || body instanceof Uint8Array ? [body] : body);
    pipeline(source, outgoing).catch((error: Error) => outgoing.destroy(error));
  });
  const responseHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(key)) responseHeaders[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new HttpResponse({ statusCode: response.statusCode ?? 502, headers: responseHeaders, body: response });
}
