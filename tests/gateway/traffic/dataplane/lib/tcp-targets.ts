import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP target that counts the connections it accepted and keeps the open ones. */
export interface TcpTarget {
  name: string;
  port: number;
  /** Connections accepted so far (health checks included). */
  accepted: number;
  /** Connections whose client sent something: the ones a client of the load balancer opened, not health checks. */
  served: number;
  /** Connections still open. */
  open: Set<Socket>;
  close(): Promise<void>;
}

/**
 * What a target does with each connection: greet with `name:`, then `end` after `holdMs` (the
 * client sees the end and closes), `hold` until the test ends it, or `reset` it at once.
 */
export type TcpBehaviour = { holdMs: number } | 'hold' | 'reset';

/** A real TCP target on 127.0.0.1. */
export async function startTcpTarget(name: string, behaviour: TcpBehaviour): Promise<TcpTarget> {
  const open = new Set<Socket>();
  const target: TcpTarget = {
    name,
    port: 0,
    accepted: 0,
    served: 0,
    open,
    close: () => new Promise((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }),
  };
  const server = createServer((socket) => {
    target.accepted++;
    socket.on('error', () => socket.destroy());
    if (behaviour === 'reset') return void socket.resetAndDestroy();
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.once('data', () => target.served++);
    socket.resume();
    socket.write(`${name}:`);
    if (behaviour !== 'hold') setTimeout(() => socket.end(), behaviour.holdMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  target.port = (server.address() as AddressInfo).port;
  return target;
}

/** A client connection: `greeting` is the target's name; `closed` settles when the socket closes. */
export interface Conversation {
  socket: Socket;
  greeting: Promise<string>;
  closed: Promise<void>;
}

/**
 * Connects to `port` as a well-behaved client: it says hello (which health checks do not),
 * reads the greeting (`name:`) and closes when the far end does. A reset rejects `greeting`.
 */
export function converse(port: number): Conversation {
  const socket = connect({ host: '127.0.0.1', port });
  socket.write('hello\n');
  const greeting = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(':')) resolve(text.slice(0, text.indexOf(':')));
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before a greeting')));
  });
  // Handled here so a test that awaits only `closed` leaves no unhandled rejection.
  greeting.catch(() => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => socket.destroy());
  return { socket, greeting, closed };
}

/** Connects, sends `text`, half-closes, and answers everything the far end sent before closing. */
export function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    socket.on('end', () => { socket.end(); resolve(received); });
    socket.on('error', reject);
    socket.end(text);
  });
}
