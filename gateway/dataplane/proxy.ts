import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Endpoint } from './balancer.js';
import { APP_COOKIE, readCookie, setStickyCookie } from './cookies.js';
import { requestHead, responseHeaders } from './forwarded-headers.js';
import type { ResponseHead } from './response-head.js';
import { ResponseParser } from './response-parser.js';
import { errorResponse, send } from './responses.js';
import type { ConnectionOwner, UpstreamConnection, UpstreamPool } from './upstream-pool.js';

export interface ProxyOptions {
  pool: UpstreamPool;
  headers: OutgoingHttpHeaders;
  /** The load balancer's idle timeout: no byte from the target for this long is a 504. */
  idleTimeoutMs: number;
  /** Stickiness cookies the action sets on the response. */
  setCookies: string[];
  /** app_cookie stickiness: add `AWSALBAPP-0` when the target sets this cookie. */
  appCookie?: { name: string; durationSeconds: number; subject: string };
  nowMs: number;
  /** Called exactly once when the exchange is over (least-outstanding-requests bookkeeping). */
  done(): void;
}

function withCookies(head: ResponseHead, options: ProxyOptions): string[] {
  const headers = responseHeaders(head.headers);
  const { appCookie } = options;
  if (appCookie && head.headers.some((v, i) => i % 2 === 1 && head.headers[i - 1].toLowerCase() === 'set-cookie' && readCookie(v.split(';', 1)[0], appCookie.name) !== undefined)) {
    for (const line of setStickyCookie(APP_COOKIE, appCookie.subject, options.nowMs, appCookie.durationSeconds)) headers.push('set-cookie', line);
  }
  for (const line of options.setCookies) headers.push('set-cookie', line);
  return headers;
}

/**
 * One request through a keep-alive connection from `pool`, bodies streamed both ways with
 * backpressure. Failures before the response starts answer like ALB ("Troubleshoot your
 * Application Load Balancers"): 502 when the target refuses, resets, closes or answers something
 * that is not HTTP, 504 when the idle timeout passes with no data from it. After the response
 * has started the client connection is cut, as the status line is already gone. A bodiless GET
 * or HEAD that fails on a reused connection before any byte came back (the target had closed it)
 * is retried once on a new one.
 */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, options: ProxyOptions): void {
  const length = req.headers['content-length'];
  const chunked = length === undefined && req.headers['transfer-encoding'] !== undefined;
  const hasBody = chunked || (length !== undefined && length !== '0');
  const head = requestHead(req.method!, req.url!, options.headers, chunked, `${endpoint.host}:${endpoint.port}`);
  let requestSent = !hasBody;
  let settled = false;
  let connection: UpstreamConnection;

  const settle = (reuse: boolean) => {
    if (settled) return;
    settled = true;
    if (reuse && requestSent) {
      // It may have been paused for the client's backpressure; the next exchange needs it reading.
      connection.socket.resume();
      options.pool.release(endpoint, connection);
    } else {
      connection.owner = undefined;
      connection.socket.destroy();
    }
    // A request body the target no longer wants is drained, so the client connection can go on.
    if (!requestSent) req.resume();
    options.done();
  };
  const fail = (status: 502 | 504, received: boolean) => {
    if (settled) return;
    if (status === 502 && !received && connection.reused && !hasBody && (req.method === 'GET' || req.method === 'HEAD')) {
      connection.owner = undefined;
      connection.socket.destroy();
      return attempt();
    }
    if (res.headersSent) res.destroy();
    else send(res, errorResponse(status));
    settle(false);
  };

  function attempt(): void {
    let received = false;
    const parser = new ResponseParser(req.method === 'HEAD', {
      head: (answer) => res.writeHead(answer.status, answer.statusText || undefined, withCookies(answer, options)),
      body: (chunk) => {
        if (!res.write(chunk)) {
          const { socket } = connection;
          socket.pause();
          res.once('drain', () => settled || socket.resume());
        }
      },
      end: (reusable) => {
        res.end();
        settle(reusable);
      },
    });
    const owner: ConnectionOwner = {
      data(chunk) {
        received = true;
        try {
          parser.feed(chunk);
        } catch {
          // Not HTTP (MalformedResponse), or headers node refuses to relay (invalid characters).
          fail(502, received);
        }
      },
      closed(error) {
        if (error || !received) return fail(502, received);
        try {
          parser.closed();
        } catch {
          fail(502, received);
        }
      },
      timeout: () => fail(504, received),
      drain: () => req.resume(),
    };
    connection = options.pool.acquire(endpoint, owner, options.idleTimeoutMs);
    // node's parser hands header bytes over as latin1 strings: latin1 writes them back unchanged.
    connection.socket.write(head, 'latin1');
  }

  attempt();
  // The client went away first: the target connection is closed mid-exchange, never reused.
  res.once('close', () => settle(false));
  if (!hasBody) {
    req.resume();
    return;
  }
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    const { socket } = connection;
    if (chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
    let more = socket.write(chunk);
    if (chunked) more = socket.write('\r\n');
    if (!more) req.pause();
  });
  req.once('end', () => {
    if (chunked && !settled) connection.socket.write('0\r\n\r\n');
    requestSent = true;
  });
}
