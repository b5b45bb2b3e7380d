import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type Server } from 'node:net';

/**
 * The floor of bench:dataplane: the smallest reverse proxy Node's own modules allow, in a process
 * of its own. HTTP (and HTTPS) through `node:http`'s server and `http.request` on a keep-alive
 * Agent, bodies streamed with pipe(), setting the forwarded headers the listener, nginx and
 * HAProxy set; TCP as two `net` sockets piped into each other. The HTTP proxy is what Node's
 * own modules give without hand-written parts (the listener bypasses http.request with its own
 * pool and response parser); the TCP pipe does no HTTP work, so no Node proxy can cost less per
 * request than it does. With FLOOR_PROCESSES > 1 the primary forks that many workers with
 * node:cluster (connections handed out round robin) and proxies nothing itself — a measurement
 * of what more cores would give, not something the data plane does.
 *
 * Started with fork(): it receives `FloorConfig` over IPC (the primary passes it on to its
 * workers), answers `{ ready: true }` once every server listens, and exits when its parent goes
 * (workers when the primary goes).
 */
export interface FloorConfig {
  targetPort: number;
  /** Ports to listen on, chosen by the parent so every worker binds the same ones. */
  httpPort: number;
  httpsPort?: number;
  /** Each TCP port this proxy listens on, with the target port it pipes to. */
  tcp: Array<{ port: number; targetPort: number }>;
  tls?: { cert: string; key: string };
}

const HOST = '127.0.0.1';
// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and are not forwarded.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function serve(config: FloorConfig): Promise<unknown> {
  const agent = new Agent({ keepAlive: true });
  const proxy = (proto: string, port: number) => (req: IncomingMessage, res: ServerResponse) => {
    const headers = endToEnd(req.headers);
    const prior = req.headers['x-forwarded-for'];
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
    headers['x-forwarded-proto'] = proto;
    headers['x-forwarded-port'] = String(port);
    headers['x-amzn-trace-id'] = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const upstream = request({ host: HOST, port: config.targetPort, method: req.method, path: req.url, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(upstream);
  };
  const listen = (server: Server, port: number) => new Promise((resolve) => server.listen({ port, host: HOST, backlog: 4096 }, () => resolve(undefined)));
  const servers: Array<Promise<unknown>> = [];
  const http = createServer(proxy('http', config.httpPort));
  // As the listener's (ALB's 60 s) and nginx's: connections stay open between cells.
  http.keepAliveTimeout = 60_000;
  servers.push(listen(http, config.httpPort));
  if (config.tls && config.httpsPort) {
    const https = createHttpsServer(config.tls, proxy('https', config.httpsPort));
    https.keepAliveTimeout = 60_000;
    servers.push(listen(https, config.httpsPort));
  }
  for (const { port, targetPort } of config.tcp) {
    // No Nagle delay on either side, as the NLB listener and HAProxy relay.
    const relay = createTcpServer({ noDelay: true }, (client) => {
      const target = connect({ host: HOST, port: targetPort, noDelay: true });
      client.on('error', () => target.destroy());
      target.on('error', () => client.destroy());
      client.pipe(target).pipe(client);
    });
    servers.push(listen(relay, port));
  }
  return Promise.all(servers);
}

const processes = Number(process.env.FLOOR_PROCESSES ?? '1');
const ready = () => process.send!({ ready: true });
process.on('disconnect', () => process.exit(0));
if (cluster.isWorker) {
  // A worker's IPC channel is open from its start, before this module has loaded and could
  // listen: a message sent then would be lost, so workers get the configuration in their env.
  void serve(JSON.parse(process.env.FLOOR_CONFIG!) as FloorConfig).then(ready);
} else {
  process.once('message', (config: FloorConfig) => {
    if (processes <= 1) {
      void serve(config).then(ready);
      return;
    }
    let listening = 0;
    for (let i = 0; i < processes; i++) {
      cluster.fork({ FLOOR_CONFIG: JSON.stringify(config) }).once('message', () => {
        if (++listening === processes) ready();
      });
    }
  });
}
