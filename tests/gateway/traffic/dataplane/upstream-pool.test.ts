import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { UpstreamPool, type ConnectionOwner } from '../../../../gateway/traffic/dataplane/upstream-pool.js';

const owner: ConnectionOwner = { data: () => undefined, closed: () => undefined, timeout: () => undefined, drain: () => undefined };

/** A target that counts its connections and reports each one's close. */
async function target() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return { sockets, endpoint: { host: '127.0.0.1', port, key: `127.0.0.1:${port}` }, close: () => server.close() };
}

describe('upstream keep-alive pool', () => {
  it('reuses a released connection without re-arming its timeout when the idle timeout is the same', async () => {
    const { endpoint, sockets, close } = await target();
    const pool = new UpstreamPool();
    try {
      const first = pool.acquire(endpoint, owner, 60_000);
      await once(first.socket, 'connect');
      assert.equal(first.socket.timeout, 60_000);
      pool.release(endpoint, first);
      const second = pool.acquire(endpoint, owner, 60_000);
      assert.equal(second, first);
      assert.equal(second.reused, true);
      const other = pool.acquire(endpoint, owner, 1_000);
      assert.notEqual(other, first);
      assert.equal(other.socket.timeout, 1_000);
      await once(other.socket, 'connect');
      assert.equal(sockets.length, 2);
    } finally {
      pool.destroy();
      close();
    }
  });

  it('closes connections left idle past the idle limit, by the sweep', async () => {
    const { endpoint, sockets, close } = await target();
    const pool = new UpstreamPool(100, 20);
    try {
      const connection = pool.acquire(endpoint, owner, 60_000);
      await once(connection.socket, 'connect');
      pool.release(endpoint, connection);
      while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const closed = once(sockets[0], 'close');
      sockets[0].resume();
      const started = performance.now();
      await closed;
      assert.ok(performance.now() - started < 1_000);
      assert.equal(connection.socket.destroyed, true);
      // The next request opens a new connection.
      const next = pool.acquire(endpoint, owner, 60_000);
      assert.notEqual(next, connection);
    } finally {
      pool.destroy();
      close();
    }
  });
});
