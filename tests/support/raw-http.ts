import { connect, type Socket } from 'node:net';

/** Opens a TCP connection to 127.0.0.1:`port`. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `bytes` as they are (a request line node's client would never send) and returns what the
 * server answered before closing or going quiet for `quietMs`; '' when it answered nothing.
 */
export async function rawExchange(port: number, bytes: string, quietMs = 2_000): Promise<string> {
  const socket = await openSocket(port);
  return new Promise((resolve) => {
    let answer = '';
    let timer: NodeJS.Timeout;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      rearm();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
    rearm();
  });
}

/** The status code of the first response in `answer`, or undefined. */
export function statusOf(answer: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : undefined;
}

/** Resolves when the server closes `socket`, with the time that took; rejects after `ms`. */
export function closedWithin(socket: Socket, ms: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve(0);
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    socket.on('error', () => undefined);
    socket.resume();
  });
}
