import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';

// A throwaway self-signed certificate (CN kecs-lb-test): health checks must not verify it.
export const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2IB/0fsZrdG8vaHx
d9EcnKylmFhaelMfqU5/H5FRNuqhRANCAARFKxbxVbWscDecrNGULD4n4Y6ScBLa
WNpwcueJMT8P2fSSucrROTqg3RfCITsdYtBhkGwoorzIgB8CWEUWy8bm
-----END PRIVATE KEY-----`;
export const CERT = `-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUNzHTnA5/qd569NfoWXoyUkqka4cwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMa2Vjcy1sYi10ZXN0MCAXDTI2MTEyMTA2MDMxM1oYDzIxMjYx
MDI4MDYwMzEzWjAXMRUwEwYDVQQDDAxrZWNzLWxiLXRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAARFKxbxVbWscDecrNGULD4n4Y6ScBLaWNpwcueJMT8P2fSS
ucrROTqg3RfCITsdYtBhkGwoorzIgB8CWEUWy8bmo1MwUTAdBgNVHQ4EFgQUOT2V
RfnigPi154yZizR9YloeXqEwHwYDVR0jBBgwFoAUOT2VRfnigPi154yZizR9Yloe
XqEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAisxPOXWt1R0Y
EYmi5UC7WNPzxwx6NLsX0/DA0ixshSACIHPtbL32aS6W5mfQRDMTHsN6LEpDuNer
Rg4TnB62XTZF
-----END CERTIFICATE-----`;

async function listen(server: Server, port = 0): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

/** An HTTP(S) target answering `status`, counting requests and recording each request's Host and path. */
export interface HttpTarget {
  port: number;
  status: number;
  /** How long each answer waits, to keep a probe in flight. */
  delayMs: number;
  requests: Array<{ host: string; path: string; userAgent: string }>;
  /** Closes the listening socket (the port then refuses) until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function httpTarget(status = 200, options: { tls?: boolean } = {}): Promise<HttpTarget> {
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    target.requests.push({ host: request.headers.host ?? '', path: request.url ?? '', userAgent: request.headers['user-agent'] ?? '' });
    const answer = () => response.writeHead(target.status, { 'content-type': 'text/plain' }).end('health\n');
    if (target.delayMs > 0) setTimeout(answer, target.delayMs);
    else answer();
  };
  const server = options.tls ? createHttpsServer({ key: KEY, cert: CERT }, onRequest) : createHttpServer(onRequest);
  const target: HttpTarget = {
    port: await listen(server),
    status,
    delayMs: 0,
    requests: [],
    async stop() {
      if (!server.listening) return;
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
    async start() {
      await listen(server, target.port);
    },
  };
  return target;
}

/** A TCP target that runs `onConnection` for each accepted socket; `close` destroys them all. */
export async function tcpTarget(onConnection: (socket: Socket) => void): Promise<{ port: number; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    result.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  const result = {
    port: await listen(server),
    connections: 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
  return result;
}

/** Accepts, reads the request, never answers. */
export const hangTarget = () => tcpTarget((socket) => socket.resume());
/** Accepts and resets the connection at once. */
export const resetTarget = () => tcpTarget((socket) => socket.resetAndDestroy());
/** Answers something that is not HTTP. */
export const garbageTarget = () => tcpTarget((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
