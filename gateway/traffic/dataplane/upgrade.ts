import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RouteMeter } from '../../metrics/dataplane.js';
import type { Endpoint } from './balancer.js';
import { errorResponse, rawResponse } from './responses.js';

export interface UpgradeOptions {
  headers: OutgoingHttpHeaders;
  /** The request target sent to the target when a rule transform rewrote it (transforms.ts); else the client's. */
  target?: string;
  idleTimeoutMs: number;
  setCookies: string[];
  done(): void;
  /** The route's metrics, told once how the handshake ended. */
  meter?: RouteMeter;
}

/** Status line and headers as raw bytes, the target's header names and order kept. */
function head(answer: IncomingMessage, extraCookies: readonly string[], skip: ReadonlySet<string>): string {
  const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ''}`.trimEnd()];
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    if (!skip.has(answer.rawHeaders[i].toLowerCase())) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
  }
  for (const cookie of extraCookies) lines.push(`set-cookie: ${cookie}`);
  return `${lines.join('\r\n')}\r\n`;
}

class HandshakeTimeout extends Error {}

const NOTHING = new Set<string>();
// A refused upgrade is relayed with its body delimited by closing the connection.
const FRAMING = new Set(['connection', 'transfer-encoding', 'content-length', 'keep-alive']);

/**
 * A WebSocket (or any HTTP/1.1 Upgrade) through the load balancer: the handshake goes to the
 * target on its own connection; on 101 the two sockets are piped both ways and the connection
 * stays open while either side sends data within the idle timeout ("Listeners for your
 * Application Load Balancers": WebSockets). A target that refuses the upgrade has its answer
 * relayed; one that cannot be reached is a 502.
 */
export function proxyUpgrade(req: IncomingMessage, socket: Duplex, bufferedHead: Buffer, endpoint: Endpoint, options: UpgradeOptions): void {
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      options.done();
    }
  };
  // The handshake's outcome, counted once: the target's answer, the load balancer's 502/504, or
  // 460 when the client left before either.
  const sentAt = performance.now();
  let reported = false;
  const report = (elbStatus: number, targetStatus: number) => {
    if (reported) return;
    reported = true;
    options.meter?.forwarded(elbStatus, targetStatus, (performance.now() - sentAt) / 1000);
  };
  const upstream = httpRequest({ host: endpoint.host, port: endpoint.port, method: req.method, path: options.target ?? req.url, headers: options.headers, agent: false });
  socket.on('error', () => socket.destroy());
  socket.once('close', () => {
    report(460, 0);
    upstream.destroy();
    finish();
  });
  upstream.setTimeout(options.idleTimeoutMs, () => upstream.destroy(new HandshakeTimeout()));
  upstream.on('error', (error) => {
    const status = error instanceof HandshakeTimeout ? 504 : 502;
    if (socket.writable) {
      report(status, 0);
      socket.end(rawResponse(errorResponse(status)));
    }
    finish();
  });
  upstream.on('upgrade', (answer, targetSocket, targetHead) => {
    report(answer.statusCode!, answer.statusCode!);
    upstream.setTimeout(0);
    socket.write(`${head(answer, options.setCookies, NOTHING)}\r\n`);
    if (targetHead.length) socket.write(targetHead);
    if (bufferedHead.length) targetSocket.write(bufferedHead);
    for (const side of [socket, targetSocket] as Socket[]) {
      side.setTimeout(options.idleTimeoutMs, () => side.destroy());
    }
    targetSocket.on('error', () => socket.destroy());
    targetSocket.once('close', () => socket.destroy());
    socket.once('close', () => targetSocket.destroy());
    socket.pipe(targetSocket).pipe(socket);
  });
  upstream.on('response', (answer) => {
    report(answer.statusCode!, answer.statusCode!);
    socket.write(`${head(answer, options.setCookies, FRAMING)}connection: close\r\n\r\n`);
    answer.pipe(socket);
  });
  // A handshake has no body; the client's first frames, if any, are in `bufferedHead`.
  upstream.end();
}
