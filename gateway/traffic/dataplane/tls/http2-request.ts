import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

/**
 * An HTTP/2 request (node's compatibility API) in the shape the listener code reads from an
 * HTTP/1.1 one: headers without the pseudo-headers, `:authority` as Host (RFC 9113 §8.3.1), and
 * `headersDistinct`. The compatibility request reads its method and path from the original
 * header object, so that object is left alone and the copy shadows it.
 */
export function asHttp1(req: Http2ServerRequest): IncomingMessage {
  const headers: IncomingHttpHeaders = {};
  const distinct: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    headers[name] = value as string;
    distinct[name] = Array.isArray(value) ? value : [value];
  }
  if (headers.host === undefined && req.authority) {
    headers.host = req.authority;
    distinct.host = [req.authority];
  }
  Object.defineProperty(req, 'headers', { value: headers });
  Object.defineProperty(req, 'headersDistinct', { value: distinct });
  // The two request shapes share what the listener code reads (method, url, socket, streaming).
  return req as unknown as IncomingMessage;
}
