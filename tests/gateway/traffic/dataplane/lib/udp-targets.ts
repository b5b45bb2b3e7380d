import { once } from 'node:events';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket as TcpSocket } from 'node:net';

/**
 * A real UDP target on 127.0.0.1 that answers each datagram with `<name>:<datagram>`; with `tcp`,
 * also a TCP server on the same port number that greets with `<name>:` and echoes (what a
 * TCP_UDP target serves, and what NLB's default TCP health check of a UDP group connects to).
 */
export interface UdpEchoTarget {
  name: string;
  port: number;
  /** Datagrams received, with the address they came from. */
  received: Array<{ text: string; from: string }>;
  close(): Promise<void>;
}

async function bindUdp(socket: Socket, port: number): Promise<number> {
  socket.bind(port, '127.0.0.1');
  await once(socket, 'listening');
  return (socket.address() as AddressInfo).port;
}

/** A TCP server on `port`, or undefined when that TCP port is taken. */
async function tcpEcho(name: string, port: number, open: Set<TcpSocket>): Promise<Server | undefined> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write(`${name}:`);
    socket.pipe(socket);
  });
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
    return server;
  } catch {
    return undefined;
  }
}

export async function startUdpEcho(name: string, options: { tcp?: boolean } = {}): Promise<UdpEchoTarget> {
  let socket = createSocket('udp4');
  let port = await bindUdp(socket, 0);
  let server: Server | undefined;
  const open = new Set<TcpSocket>();
  // The UDP port's TCP twin may be taken by another process: then try another port.
  for (let attempt = 0; options.tcp && !server; attempt++) {
    server = await tcpEcho(name, port, open);
    if (server) break;
    if (attempt === 20) throw new Error('no port free for both UDP and TCP');
    socket.close();
    socket = createSocket('udp4');
    port = await bindUdp(socket, 0);
  }
  const udp = socket;
  const target: UdpEchoTarget = {
    name,
    port,
    received: [],
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (server) {
        for (const connection of open) connection.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
  udp.on('message', (data: Buffer, from: RemoteInfo) => {
    target.received.push({ text: data.toString(), from: `${from.address}:${from.port}` });
    udp.send(`${name}:${data.toString()}`, from.port, from.address);
  });
  return target;
}

/** A UDP client on its own port (a flow of its own); `ask` sends and waits for one answer. */
export interface UdpClient {
  socket: Socket;
  port: number;
  ask(port: number, text: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** A client socket on `address` (any of 127.0.0.0/8 on Linux, for distinct source addresses). */
export async function udpClient(address = '127.0.0.1'): Promise<UdpClient> {
  const socket = createSocket('udp4');
  socket.bind(0, address);
  await once(socket, 'listening');
  return {
    socket,
    port: (socket.address() as AddressInfo).port,
    ask(port, text, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.off('message', onMessage);
          reject(new Error(`no answer to '${text}' within ${timeoutMs} ms`));
        }, timeoutMs);
        function onMessage(data: Buffer) {
          clearTimeout(timer);
          socket.off('message', onMessage);
          resolve(data.toString());
        }
        socket.on('message', onMessage);
        socket.send(text, port, '127.0.0.1');
      });
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
