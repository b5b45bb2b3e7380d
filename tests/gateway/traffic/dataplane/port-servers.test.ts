import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { createLogger } from '../../../../gateway/logger.js';
import { PortServers, type PortHandlers } from '../../../../gateway/traffic/dataplane/port-servers.js';
import { UdpPorts } from '../../../../gateway/traffic/dataplane/udp-ports.js';
import { freePort } from '../../../support/server.js';

const log = createLogger('silent');
const HOST = '127.0.0.1';

const unused = (): never => {
  throw new Error('no traffic in this test');
};
const handlers: PortHandlers = { request: unused, upgrade: unused, connection: unused, secure: () => undefined, secured: unused };

/** Whether something accepts TCP connections on `port`. */
async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, HOST);
  const outcome = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  socket.destroy();
  return outcome;
}

/** Whether a UDP socket of this test can bind `port` (so no one else holds it). */
async function udpPortFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, HOST, resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

// A gateway stopped (or a listener deleted) while a port is still being bound must not leave that
// port open: nothing would ever close it, and the process could never exit.
describe('listener ports closed while they are still being bound', () => {
  it('TCP: closeAll waits for the bind and closes the port', async () => {
    const port = await freePort();
    const servers = new PortServers(HOST, handlers, log, 100);
    const reconciled = servers.reconcile(new Map([[port, 'http']]));
    await servers.closeAll(0);
    await reconciled;
    assert.equal(await accepts(port), false, `port ${port} still accepts connections after closeAll`);
  });

  it('TCP: a port dropped from the table while it binds is closed', async () => {
    const port = await freePort();
    const servers = new PortServers(HOST, handlers, log, 100);
    const first = servers.reconcile(new Map([[port, 'tcp']]));
    await servers.reconcile(new Map());
    await first;
    // The drop's close runs in the background (its grace period): give it its turn.
    for (let i = 0; i < 50 && await accepts(port); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(await accepts(port), false, `port ${port} still accepts connections after it left the table`);
    await servers.closeAll(0);
  });

  it('UDP: closeAll during the bind leaves the port free', async () => {
    const port = await freePort();
    const ports = new UdpPorts(HOST, () => undefined, log, { idleTimeoutMs: 1_000, maxFlows: 10 });
    const reconciled = ports.reconcile(new Set([port]));
    ports.closeAll();
    await reconciled;
    assert.equal(ports.isBound(port), false);
    assert.equal(await udpPortFree(port), true, `UDP port ${port} is still bound after closeAll`);
  });
});
