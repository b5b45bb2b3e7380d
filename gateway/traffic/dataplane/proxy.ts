import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RouteMeter } from '../../metrics/dataplane.js';
import type { AccessEntry, ExchangeFacts } from './access-log.js';
import type { Endpoint } from './balancer.js';
import { APP_COOKIE, readCookie, setStickyCookie } from './cookies.js';
import { requestHead, responseHeaders } from './forwarded-headers.js';
import type { ResponseHead } from './response-head.js';
import { ResponseParser, type ResponseEvents } from './response-parser.js';
import { errorResponse, send } from './responses.js';
import type { ConnectionOwner, UpstreamConnection, UpstreamPool } from './upstream-pool.js';

export interface ProxyOptions {
  pool: UpstreamPool;
  headers: OutgoingHttpHeaders;
  /** The request target sent to the target when a rule transform rewrote it (transforms.ts); else the client's. */
  target?: string;
  /** The load balancer's idle timeout: no byte from the target for this long is a 504. */
  idleTimeoutMs: number;
  /** Stickiness cookies the action sets on the response. */
  setCookies: string[];
  /** app_cookie stickiness: add `AWSALBAPP-0` when the target sets this cookie. */
  appCookie?: { name: string; durationSeconds: number; subject: string };
  nowMs: number;
  /** Called exactly once when the exchange is over (least-outstanding-requests bookkeeping). */
  done(): void;
  /** The route's metrics, told once how the exchange ended. */
  meter?: RouteMeter;
  /** The request's access-log line, written when the exchange ends (KECS_ACCESS_LOG). */
  accessLog?: AccessEntry;
}

/** Status 460: ALB's access-log code for a client that closed the connection before the response. */
const CLIENT_CLOSED = 460;

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
 * One request/response exchange. It is both the owner of the upstream connection and the
 * receiver of the response parser's events, as methods rather than closures made per request:
 * this is the proxy's hot path, and under tsx every named closure also costs a defineProperty
 * (esbuild's keepNames).
 */
class Exchange implements ConnectionOwner, ResponseEvents, ExchangeFacts {
  readonly hasBody: boolean;
  // ExchangeFacts, for metrics and the access log.
  elbStatus = CLIENT_CLOSED;
  targetStatus = 0;
  sentAt = 0;
  headAt = 0;
  receivedBodyBytes = 0;
  /** The request line and headers sent to the target (again on a retry). */
  private readonly requestText: string;
  private requestSent: boolean;
  private settled = false;
  /** Whether any byte of the response came back on the current attempt's connection. */
  private received = false;
  private parser!: ResponseParser;
  connection!: UpstreamConnection;

  constructor(private readonly req: IncomingMessage, private readonly res: ServerResponse, private readonly endpoint: Endpoint, private readonly options: ProxyOptions, readonly chunked: boolean) {
    const length = req.headers['content-length'];
    this.hasBody = chunked || (length !== undefined && length !== '0');
    this.requestText = requestHead(req.method!, options.target ?? req.url!, options.headers, chunked, `${endpoint.host}:${endpoint.port}`);
    this.requestSent = !this.hasBody;
  }

  /** Sends the request head on a pooled (or new) connection to the target. */
  attempt(): void {
    this.received = false;
    this.parser = new ResponseParser(this.req.method === 'HEAD', this);
    this.connection = this.options.pool.acquire(this.endpoint, this, this.options.idleTimeoutMs);
    this.sentAt = performance.now();
    // node's parser hands header bytes over as latin1 strings: latin1 writes them back unchanged.
    this.connection.socket.write(this.requestText, 'latin1');
  }

  settle(reuse: boolean): void {
    if (this.settled) return;
    this.settled = true;
    const { connection } = this;
    if (reuse && this.requestSent) {
      // It may have been paused for the client's backpressure; the next exchange needs it reading.
      connection.socket.resume();
      this.options.pool.release(this.endpoint, connection);
    } else {
      connection.owner = undefined;
      connection.socket.destroy();
    }
    // A request body the target no longer wants is drained, so the client connection can go on.
    if (!this.requestSent) this.req.resume();
    this.options.done();
    this.options.meter?.forwarded(this.elbStatus, this.targetStatus, (this.headAt - this.sentAt) / 1000);
    this.options.accessLog?.finish(this);
  }

  fail(status: 502 | 504): void {
    if (this.settled) return;
    const { req, res, connection } = this;
    if (status === 502 && !this.received && connection.reused && !this.hasBody && (req.method === 'GET' || req.method === 'HEAD')) {
      connection.owner = undefined;
      connection.socket.destroy();
      return this.attempt();
    }
    if (res.headersSent) res.destroy();
    else {
      this.elbStatus = status;
      send(res, errorResponse(status));
    }
    this.settle(false);
  }

  /** The request body has been sent in full. */
  requestEnded(): void {
    if (this.chunked && !this.settled) this.connection.socket.write('0\r\n\r\n');
    this.requestSent = true;
  }

  /** Relays one piece of the request body, pausing the client while the target is slow. */
  requestData(chunk: Buffer): void {
    if (this.settled) return;
    const { socket } = this.connection;
    if (this.chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
    this.receivedBodyBytes += chunk.length;
    let more = socket.write(chunk);
    if (this.chunked) more = socket.write('\r\n');
    if (!more) this.req.pause();
  }

  // ConnectionOwner: what the upstream connection reports.

  data(chunk: Buffer): void {
    this.received = true;
    try {
      this.parser.feed(chunk);
    } catch {
      // Not HTTP (MalformedResponse), or headers node refuses to relay (invalid characters).
      this.fail(502);
    }
  }

  closed(error?: Error): void {
    if (error || !this.received) return this.fail(502);
    try {
      this.parser.closed();
    } catch {
      this.fail(502);
    }
  }

  timeout(): void {
    this.fail(504);
  }

  drain(): void {
    this.req.resume();
  }

  // ResponseEvents: what the parser reads from the target's response.

  head(answer: ResponseHead): void {
    this.headAt = performance.now();
    this.targetStatus = this.elbStatus = answer.status;
    // HTTP/2 has no reason phrase (RFC 9113 §8.3.2): node warns if given one.
    const reason = this.req.httpVersionMajor === 2 ? undefined : answer.statusText || undefined;
    this.res.writeHead(answer.status, reason, withCookies(answer, this.options));
  }

  body(chunk: Buffer, last: boolean): void {
    // The last piece goes out with end(): node then writes head and body in one writev at once,
    // where write() corks the socket until the next tick and end() needs a second pass.
    if (last) {
      this.res.end(chunk);
      return;
    }
    if (!this.res.write(chunk)) {
      const { socket } = this.connection;
      socket.pause();
      this.res.once('drain', () => this.settled || socket.resume());
    }
  }

  end(reusable: boolean): void {
    if (!this.res.writableEnded) this.res.end();
    this.settle(reusable);
  }
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
  const chunked = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined;
  const exchange = new Exchange(req, res, endpoint, options, chunked);
  exchange.attempt();
  // The client went away first: the target connection is closed mid-exchange, never reused.
  res.once('close', () => exchange.settle(false));
  if (!exchange.hasBody) {
    req.resume();
    return;
  }
  req.on('data', (chunk: Buffer) => exchange.requestData(chunk));
  req.once('end', () => exchange.requestEnded());
}
