import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closedWithin, openSocket, rawExchange, statusOf } from '../support/raw-http.js';
import { fixedResponseListener } from '../support/fixed-response-listener.js';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { startServer, type StartedServer } from '../support/server.js';

/**
 * Request lines `new URL()` throws on; one of them used to end the process. The first is a legal
 * origin-form path (a listener serves it: 200 from its fixed response), the others are not.
 */
const UNPARSABLE_TARGETS = [
  'GET //a:99999/ HTTP/1.1',
  'GET http://[/ HTTP/1.1',
  'POST http://%zz/ HTTP/1.1',
  'GET http://:80/ HTTP/1.1',
  'GET * HTTP/1.1',
  'CONNECT a:1 HTTP/1.1',
];

const MAX_CONNECTIONS = 40;

/**
 * The started gateway against what a hostile or broken client sends: request lines no URL parser
 * takes, on the API port and on a listener port; more connections than the cap; a client that
 * never finishes its request head. After each, the gateway is still alive and healthy. Its state
 * is in a test database (DATABASE_URL): the process is under test here, not the embedded Postgres.
 */
describe('hostile requests against the started gateway', () => {
  let dataDir: string;
  let database: TestDatabase;
  let server: StartedServer;
  let listenerPort: number;

  const healthy = async () => {
    assert.equal(server.process.exitCode, null, server.output());
    assert.equal((await fetch(`${server.url}/_kecs/health`)).status, 200);
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-hostile-'));
    database = await startTestDatabase();
    server = await startServer(dataDir, { KECS_MAX_CONNECTIONS: String(MAX_CONNECTIONS), DATABASE_URL: database.connectionString }, { launch: 'like the tests' });
    listenerPort = await fixedResponseListener(server.url, 'hostile');
  });
  after(async () => {
    assert.equal(await server.stop(), 0, server.output());
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const line of UNPARSABLE_TARGETS) {
    it(`answers '${line}' with a 4xx on the API port and on a listener port, and stays up`, async () => {
      const legalPath = line.startsWith('GET //');
      for (const port of [server.port, listenerPort]) {
        const status = statusOf(await rawExchange(port, `${line}\r\nhost: localhost\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`));
        const expected = legalPath && port === listenerPort ? status === 200 : status !== undefined && status >= 400 && status < 500;
        assert.ok(expected, `port ${port} answered ${status} to '${line}'`);
      }
      await healthy();
    });
  }

  it(`holds at most ${MAX_CONNECTIONS} connections (KECS_MAX_CONNECTIONS) and serves again once they go`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => openSocket(server.port)));
    await new Promise((r) => setTimeout(r, 200));
    const extra = await openSocket(server.port);
    assert.ok(await closedWithin(extra, 2_000) < 2_000);
    for (const socket of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    await healthy();
  });

  it('closes a connection whose request head never completes (slowloris) within the header timeout', async () => {
    const api = await openSocket(server.port);
    api.write('POST / HTTP/1.1\r\nhost: localhost\r\nx-slow: ');
    const listener = await openSocket(listenerPort);
    listener.write('GET / HTTP/1.1\r\nhost: x\r\nx-slow: ');
    // 10 s on the API port, checked every second.
    assert.ok(await closedWithin(api, 13_000) >= 9_000);
    listener.destroy();
    await healthy();
  });
});
