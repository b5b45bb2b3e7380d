import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a target saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface Target {
  name: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

/** RFC 6455 §4.2.2: the handshake answer is derived from the client's key and this GUID. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC11B65';

/** Echoes WebSocket frames back, unmasked (small frames only: enough for an echo test). */
function echoFrames(socket: Socket): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const length = buffered[1] & 0x7f;
      const masked = (buffered[1] & 0x80) !== 0;
      const total = 2 + (masked ? 4 : 0) + length;
      if (length >= 126 || buffered.length < total) return;
      const mask = masked ? buffered.subarray(2, 6) : undefined;
      const payload = Buffer.from(buffered.subarray(total - length, total));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      socket.write(Buffer.concat([Buffer.from([buffered[0], payload.length]), payload]));
      buffered = buffered.subarray(total);
    }
  });
}

/**
 * A real HTTP target on 127.0.0.1 that answers JSON `{ target, method, url, headers }` and records
 * what it saw. Special paths: `…/slow?ms=N` answers after N ms; `/die` resets the connection
 * mid-request; `/half-die` sends headers and part of a body, then resets; `/echo` streams the
 * request body back; `/sha` answers the body's length and SHA-256; `/bytes?n=N` streams N bytes.
 * WebSocket upgrades are accepted and frames echoed. `keepAliveMs` sets how long it keeps an
 * idle connection open.
 */
export async function startTarget(name: string, options: { keepAliveMs?: number } = {}): Promise<Target> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const url = new URL(req.url!, 'http://target');
    if (url.pathname === '/die') {
      req.socket.resetAndDestroy();
      return;
    }
    if (url.pathname === '/half-die') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => req.socket.resetAndDestroy(), 20);
      return;
    }
    if (url.pathname === '/echo') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      req.pipe(res);
      return;
    }
    if (url.pathname === '/sha') {
      const hash = createHash('sha256');
      let length = 0;
      req.on('data', (chunk: Buffer) => { hash.update(chunk); length += chunk.length; });
      req.on('end', () => res.end(JSON.stringify({ target: name, length, sha256: hash.digest('hex') })));
      return;
    }
    if (url.pathname === '/bytes') {
      const total = Number(url.searchParams.get('n'));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const delay = url.pathname.endsWith('/slow') ? Number(url.searchParams.get('ms')) : 0;
    req.resume();
    req.on('end', () => setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'app=1; Path=/' });
      res.end(JSON.stringify({ target: name, method: req.method, url: req.url, headers: req.headers }));
    }, delay));
  });
  const upgraded = new Set<Socket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    // The client went away (half-close): close this side too, as a WebSocket server does, so the
    // load balancer's connection ends now, not at its idle timeout.
    socket.once('end', () => socket.end());
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${WS_GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nX-Target: ${name}\r\n\r\n`);
    echoFrames(socket);
  });
  if (options.keepAliveMs !== undefined) server.keepAliveTimeout = options.keepAliveMs;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    name,
    port: (server.address() as AddressInfo).port,
    seen,
    async close() {
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
