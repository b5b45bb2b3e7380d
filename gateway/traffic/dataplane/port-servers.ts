import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { SecureContext, TlsOptions, TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../logger.js';
import { shielded } from '../../api/shield.js';
import type { PortKind } from './port-plan.js';
import { asHttp1 } from './tls/http2-request.js';

/** What the servers call; they look the listener up by port at request time, so tables swap freely. */
export interface PortHandlers {
  request(port: number, req: IncomingMessage, res: ServerResponse): void;
  upgrade(port: number, req: IncomingMessage, socket: Duplex, head: Buffer): void;
  connection(port: number, socket: Socket): void;
  /** HTTPS ports: the certificate for clients without SNI, and the context for an SNI host name. */
  secure(port: number): PortSecurity | undefined;
  /** HTTPS ports: a connection whose handshake is done, before any request (mutual TLS decides here). */
  secured(port: number, socket: TLSSocket): void;
}

export interface PortSecurity {
  defaultOptions: TlsOptions;
  contextFor(servername: string): SecureContext;
}

export interface PortStatus {
  port: number;
  kind: PortKind;
  bound: boolean;
  error?: string;
}

interface Entry {
  kind: PortKind;
  server: HttpServer | Http2SecureServer | TcpServer;
  /** HTTPS: the default certificate's options the server has now. */
  secureOptions?: TlsOptions;
  sockets: Set<Socket>;
  bound: boolean;
  /** Until the server is bound or has failed to: a close meanwhile waits for it, or the port would stay open. */
  opening?: Promise<void>;
  error?: string;
}

/** `CONNECT` (tunnelling) is not something a load balancer or the API does: 400, as for any malformed request. */
export function refuseConnect(_: IncomingMessage, socket: Duplex): void {
  socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
}

/** Connections still open this long after their listener went away are cut. */
const CLOSE_GRACE_MS = 5_000;

/** Why a port could not be bound, in words (also for UDP ports, udp-ports.ts). */
export function explain(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE': return `port ${port} on ${host} is already in use by another process`;
    case 'EACCES': return `permission denied binding port ${port} on ${host} (ports below 1024 need privileges, e.g. CAP_NET_BIND_SERVICE)`;
    case 'EADDRNOTAVAIL': return `address ${host} is not available on this machine`;
    default: return `cannot bind port ${port} on ${host}: ${error.message}`;
  }
}

/**
 * The local servers behind listener ports, on `host` (KECS_HOST). `reconcile` opens the ports a
 * table needs and closes the others; a port that cannot be bound is logged, reported by
 * `status()`, retried on later reconciles, and never stops the gateway.
 */
export class PortServers {
  private readonly entries = new Map<number, Entry>();

  /** `maxConnections` (KECS_MAX_CONNECTIONS) caps the open connections of each port. */
  constructor(private readonly host: string, private readonly handlers: PortHandlers, private readonly log: Logger, private readonly maxConnections: number) {}

  async reconcile(wanted: ReadonlyMap<number, PortKind>): Promise<void> {
    for (const [port, entry] of this.entries) {
      if (wanted.get(port) !== entry.kind) {
        this.entries.delete(port);
        void this.close(entry, CLOSE_GRACE_MS);
      }
    }
    await Promise.all([...wanted].map(async ([port, kind]) => {
      const entry = this.entries.get(port);
      if (!entry || !entry.bound) await this.open(port, kind, entry?.error);
      else if (kind === 'https') this.refreshDefaultCertificate(port, entry);
    }));
  }

  /** What is served on `port` now, if it is bound. */
  boundKind(port: number): PortKind | undefined {
    const entry = this.entries.get(port);
    return entry?.bound ? entry.kind : undefined;
  }

  status(): PortStatus[] {
    return [...this.entries].sort(([a], [b]) => a - b)
      .map(([port, { kind, bound, error }]) => ({ port, kind, bound, ...(error ? { error } : {}) }));
  }

  /** Stops accepting, lets open connections finish for `graceMs`, then cuts them. */
  async closeAll(graceMs: number): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => this.close(entry, graceMs)));
  }

  private async open(port: number, kind: PortKind, previousError: string | undefined): Promise<void> {
    const secureOptions = kind === 'https' ? this.handlers.secure(port)?.defaultOptions : undefined;
    if (kind === 'https' && !secureOptions) return;
    const server = kind === 'http' ? this.httpServer(port) : kind === 'https' ? this.httpsServer(port, secureOptions!) : this.tcpServer(port);
    server.maxConnections = this.maxConnections;
    const entry: Entry = { kind, server, secureOptions, sockets: new Set(), bound: false };
    server.on('connection', (socket: Socket) => {
      entry.sockets.add(socket);
      socket.once('close', () => entry.sockets.delete(socket));
    });
    this.entries.set(port, entry);
    entry.opening = this.bind(entry, port, previousError);
    await entry.opening;
  }

  private async bind(entry: Entry, port: number, previousError: string | undefined): Promise<void> {
    const { server, kind } = entry;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      entry.bound = true;
      server.on('error', (error) => this.log.error({ err: error, port }, 'listener port server failed'));
      this.log.info({ port, host: this.host, kind }, 'listener port open');
    } catch (error) {
      entry.error = explain(error as NodeJS.ErrnoException, this.host, port);
      // Logged when it first happens or changes; retries that fail the same way stay quiet.
      if (entry.error !== previousError) this.log.error({ port, host: this.host }, `listener port not served: ${entry.error}`);
    }
  }

  private httpServer(port: number): HttpServer {
    // No request timeout: long uploads and streams are bounded by the idle timeout instead, as on
    // ALB. The request head, though, must arrive within ALB's default idle timeout (60 s).
    const server = createHttpServer(
      { keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000, connectionsCheckingInterval: 1_000 },
      shielded(this.log, (_: IncomingMessage, res: ServerResponse) => res.destroy(), (req: IncomingMessage, res: ServerResponse) => this.handlers.request(port, req, res)),
    );
    server.on('connect', refuseConnect);
    server.on('upgrade', shielded(this.log, (_: IncomingMessage, socket: Duplex, __: Buffer) => socket.destroy(), (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handlers.upgrade(port, req, socket, head)));
    server.on('secureConnection', shielded(this.log, (socket: TLSSocket) => socket.destroy(), (socket: TLSSocket) => this.handlers.secured(port, socket)));
    return server;
  }

  /**
   * HTTPS (ALB): HTTP/2 and HTTP/1.1 by ALPN, as ALB offers both to clients ("Listeners for your
   * Application Load Balancers": HTTP/2 support). SNI picks the certificate (port-tls.ts); HTTP/2
   * requests reach the listener code in HTTP/1.1's shape (http2-request.ts). TLS (NLB) ports are
   * plain TCP servers: the data plane terminates TLS per connection, with the listener's ALPN.
   */
  private httpsServer(port: number, secureOptions: TlsOptions): Http2SecureServer {
    const server = createSecureServer({
      ...secureOptions,
      allowHTTP1: true,
      SNICallback: (servername, callback) => {
        try {
          callback(null, this.handlers.secure(port)?.contextFor(servername));
        } catch (error) {
          callback(error as Error, undefined);
        }
      },
    }, shielded(this.log, (_: Http2ServerRequest, res: Http2ServerResponse) => res.destroy(), (req: Http2ServerRequest, res: Http2ServerResponse) => {
      // The compatibility API's response has the ServerResponse methods the listener code calls.
      this.handlers.request(port, req.httpVersionMajor === 2 ? asHttp1(req) : req as unknown as IncomingMessage, res as unknown as ServerResponse);
    }));
    server.on('connect', refuseConnect);
    server.on('upgrade', shielded(this.log, (_: IncomingMessage, socket: Duplex, __: Buffer) => socket.destroy(), (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handlers.upgrade(port, req, socket, head)));
    server.on('secureConnection', shielded(this.log, (socket: TLSSocket) => socket.destroy(), (socket: TLSSocket) => this.handlers.secured(port, socket)));
    return server;
  }

  /** A new route table may change an HTTPS port's default certificate or policy: new handshakes get it. */
  private refreshDefaultCertificate(port: number, entry: Entry): void {
    const options = this.handlers.secure(port)?.defaultOptions;
    if (!options || options === entry.secureOptions) return;
    const server = entry.server as Http2SecureServer & Pick<TlsOptions, 'requestCert' | 'rejectUnauthorized'>;
    server.setSecureContext(options);
    // setSecureContext takes certificates only; new connections read these two from the server.
    server.requestCert = options.requestCert === true;
    server.rejectUnauthorized = options.rejectUnauthorized !== false;
    entry.secureOptions = options;
  }

  private tcpServer(port: number): TcpServer {
    return createTcpServer({ allowHalfOpen: true }, shielded(this.log, (socket: Socket) => socket.destroy(), (socket: Socket) => this.handlers.connection(port, socket)));
  }

  private async close(entry: Entry, graceMs: number): Promise<void> {
    await entry.opening;
    if (!entry.bound) return;
    const closed = new Promise<void>((resolve) => entry.server.close(() => resolve()));
    if ('closeIdleConnections' in entry.server) entry.server.closeIdleConnections();
    const timer = setTimeout(() => {
      for (const socket of entry.sockets) socket.destroy();
    }, graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
  }
}
