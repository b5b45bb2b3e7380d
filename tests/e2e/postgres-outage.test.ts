import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { startServer, type StartedServer } from '../support/server.js';
import { tcpProxy, type TcpProxy } from '../handlers/scheduled/tcp-proxy.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0';

/** One ELBv2 query-protocol call over HTTP; answers status and body. */
async function call(server: StartedServer, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH },
    body: new URLSearchParams({ Version: '2015-12-01', ...params }),
  });
  return { status: response.status, body: await response.text() };
}

async function eventually<T>(attempt: () => Promise<T>, accept: (value: T) => boolean, ms: number, what: string): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    const value = await attempt();
    if (accept(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what} not seen within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const describeLoadBalancers = (server: StartedServer) => call(server, { Action: 'DescribeLoadBalancers' });

async function timedStop(server: StartedServer): Promise<number> {
  const started = Date.now();
  assert.equal(await server.stop(), 0);
  return Date.now() - started;
}

describe('the embedded Postgres dies', () => {
  let dataDir: string;
  let server: StartedServer;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-pg-dies-'));
    server = await startServer(dataDir);
  });
  after(async () => {
    if (server.process.exitCode === null) await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is restarted on the same data folder, says so, and the API works again with nothing lost', async () => {
    const created = await call(server, { Action: 'CreateLoadBalancer', Name: 'survivor', 'Subnets.member.1': 'subnet-a', 'Subnets.member.2': 'subnet-b' });
    assert.equal(created.status, 200, created.body);
    const location = join(dataDir, 'cluster-location');
    const cluster = existsSync(location) ? (await readFile(location, 'utf8')).trim() : join(dataDir, 'postgres');
    const postmaster = Number((await readFile(join(cluster, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');

    await eventually(async () => server.output(), (out) => /embedded Postgres exited unexpectedly; restarting it on the same data folder/.test(out), 5_000, 'the exit noticed');
    const back = await eventually(() => describeLoadBalancers(server), (r) => r.status === 200, 20_000, 'a 200 after the restart');
    assert.match(back.body, /<LoadBalancerName>survivor<\/LoadBalancerName>/);
    assert.match(server.output(), /embedded Postgres restarted on the same data folder/);
    const restarted = Number((await readFile(join(cluster, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.notEqual(restarted, postmaster);
    assert.ok(await timedStop(server) < 5_000, 'SIGTERM stays fast');
  });
});

describe('the DATABASE_URL server becomes unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: StartedServer;
  let dataDir: string;
  before(async () => {
    database = await startTestDatabase();
    const url = new URL(database.connectionString);
    proxy = await tcpProxy(Number(url.port));
    url.port = String(proxy.port);
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-pg-away-'));
    server = await startServer(dataDir, { DATABASE_URL: url.href, KECS_TICK_MS: '200' });
  });
  after(async () => {
    if (server.process.exitCode === null) await server.stop();
    await proxy.up().catch(() => undefined);
    await proxy.down();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers ServiceUnavailable (503, Receiver) and a degraded health while cut, and recovers by itself', async () => {
    assert.equal((await describeLoadBalancers(server)).status, 200);
    await proxy.down();
    const unavailable = await eventually(() => describeLoadBalancers(server), (r) => r.status === 503, 5_000, 'a 503');
    assert.match(unavailable.body, /<Type>Receiver<\/Type><Code>ServiceUnavailable<\/Code><Message>Service is unavailable\. Please try again later\.<\/Message>/);
    assert.doesNotMatch(unavailable.body, /kecs-lb/);
    const health = await fetch(`${server.url}/_kecs/health`);
    assert.equal(health.status, 503);
    assert.equal((await health.json() as { status: string }).status, 'degraded');

    await proxy.up();
    await eventually(() => describeLoadBalancers(server), (r) => r.status === 200, 10_000, 'a 200 once the database is back');
    assert.equal((await fetch(`${server.url}/_kecs/health`)).status, 200);
    await eventually(async () => server.output(), (out) => /database reachable again/.test(out), 10_000, 'the recovery log line');
    assert.match(server.output(), /database unreachable: API calls answer ServiceUnavailable until it is back/);
  });

  it('stops quickly on SIGTERM while the database is unreachable', async () => {
    await proxy.down();
    await eventually(() => describeLoadBalancers(server), (r) => r.status === 503, 5_000, 'a 503');
    assert.ok(await timedStop(server) < 5_000, 'SIGTERM stays fast');
  });
});
