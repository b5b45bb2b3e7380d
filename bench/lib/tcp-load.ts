import { connect, type Socket } from 'node:net';

/** Resolves once something accepts connections on the loopback `port` (a TCP proxy has no HTTP probe). */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing accepts connections on port ${port}`);
}

/** What one bulk run measured. */
export interface BulkFigures {
  megabytesPerSecond: number;
  /** Connections that failed or closed before the run ended. */
  failures: number;
}

/**
 * Opens `connections` connections to the loopback `port`, whose far end (the bulk target, maybe
 * through a proxy) sends without pause, and counts the bytes received in `seconds`: the relay's
 * throughput for large transfers, where the per-message work of the HTTP cells hardly matters.
 */
export function measureBulk(port: number, connections: number, seconds: number): Promise<BulkFigures> {
  return new Promise((resolve) => {
    let bytes = 0;
    let failures = 0;
    let over = false;
    const sockets: Socket[] = [];
    for (let i = 0; i < connections; i++) {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      socket.on('error', () => undefined);
      socket.once('close', () => { if (!over) failures++; });
      sockets.push(socket);
    }
    const started = performance.now();
    setTimeout(() => {
      over = true;
      const elapsed = (performance.now() - started) / 1000;
      for (const socket of sockets) socket.destroy();
      resolve({ megabytesPerSecond: bytes / elapsed / 1e6, failures });
    }, seconds * 1000);
  });
}
