import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { pod, startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, startServer, type StartedServer } from '../support/server.js';

/** A pod's application: answers its own name, on its pod IP (a loopback address) and port. */
async function podServer(ip: string, port: number): Promise<Server> {
  const server = createServer((_, res) => res.end(ip));
  server.listen(port, ip);
  await once(server, 'listening');
  return server;
}

async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const NAMESPACE = 'shop-us-east-1';
const GROUP = 'web-pods';

/**
 * Targets that follow pods, end to end: the started gateway watches a fake Kubernetes API server
 * (the real list/watch protocol, client-node unmodified); pods labelled as KECS labels the tasks
 * of an ECS service become targets, pass real health checks against real servers on their pod
 * IPs (loopback addresses) and receive requests through a listener; a pod that turns un-Ready
 * drains; a dropped watch and an API server that was down lose nothing.
 */
describe('targets follow pods (fake Kubernetes API, started gateway)', () => {
  let dir: string;
  let dataDir: string;
  let database: TestDatabase;
  let kube: FakeKubeApi;
  let server: StartedServer;
  let elb: ElasticLoadBalancingV2Client;
  let tg: string;
  let listenerPort: number;
  let appPort: number;
  const apps: Server[] = [];

  const health = async (): Promise<TargetHealthDescription[]> =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions ?? [];
  const stateOf = async (ip: string) => (await health()).find((d) => d.Target?.Id === ip)?.TargetHealth?.State;
  const answersFrom = async (count: number) => {
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) seen.add(await (await fetch(`http://127.0.0.1:${listenerPort}/`)).text());
    return seen;
  };
  const labelled = (name: string, ip: string, ready = true) =>
    pod({ name, namespace: NAMESPACE, ip, ready, ports: [appPort], labels: { 'kecs.io/elbv2-target-group-name': GROUP } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kecs-lb-kube-'));
    kube = await startFakeKubeApi();
    appPort = await freePort();
    for (const ip of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) apps.push(await podServer(ip, appPort));
    // The data folder is a temporary folder of its own, not one inside `dir`: mkdtemp makes 0700
    // folders, which the `postgres` user (Postgres's user when run as root) could not cross.
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-kube-data-'));
    // A test database (DATABASE_URL): pods and targets are under test here, not the embedded Postgres.
    database = await startTestDatabase();
    server = await startServer(dataDir, {
      DATABASE_URL: database.connectionString,
      KECS_KUBERNETES: 'on',
      KUBECONFIG: await writeKubeconfig(dir, kube.url),
      KECS_TICK_MS: '250',
    }, { launch: 'like the tests' });
    elb = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const lb = await elb.send(new CreateLoadBalancerCommand({ Name: 'pods', Subnets: ['subnet-a', 'subnet-b'] }));
    tg = (await elb.send(new CreateTargetGroupCommand({
      Name: GROUP, Protocol: 'HTTP', Port: appPort, VpcId: 'vpc-1', TargetType: 'ip',
      HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2,
    }))).TargetGroups![0].TargetGroupArn!;
    listenerPort = await freePort();
    await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0].LoadBalancerArn, Protocol: 'HTTP', Port: listenerPort,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    }));
  });
  after(async () => {
    elb?.destroy();
    if (server) assert.equal(await server.stop(), 0, server.output().slice(-3000));
    await kube?.stop();
    await database?.close();
    for (const app of apps) app.close();
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers Ready pods as targets that pass real health checks and receive traffic', async () => {
    kube.addPod(labelled('web-1', '127.0.0.2'));
    kube.addPod(labelled('web-2', '127.0.0.3'));
    kube.addPod(labelled('web-3', '127.0.0.4', false));
    await eventually('both Ready pods healthy', 15_000, async () => {
      const states = await health();
      const healthy = states.filter((d) => d.TargetHealth?.State === 'healthy').map((d) => d.Target?.Id).sort();
      return healthy.length === 2 ? healthy : undefined;
    });
    assert.deepEqual((await health()).map((d) => `${d.Target?.Id}:${d.Target?.Port}`).sort(), [`127.0.0.2:${appPort}`, `127.0.0.3:${appPort}`]);
    assert.deepEqual([...await answersFrom(10)].sort(), ['127.0.0.2', '127.0.0.3']);
    const status = await (await fetch(`${server.url}/_kecs/health`)).json() as { kubernetes?: { state: string } };
    assert.equal(status.kubernetes?.state, 'synced');
  });

  it('drains a pod that stops being Ready; new requests go to the others', async () => {
    kube.updatePod(labelled('web-2', '127.0.0.3', false));
    await eventually('web-2 draining', 5_000, async () => ((await stateOf('127.0.0.3')) === 'draining' ? true : undefined));
    await eventually('traffic only to web-1', 5_000, async () => {
      const seen = await answersFrom(6);
      return seen.size === 1 && seen.has('127.0.0.2') ? true : undefined;
    });
  });

  it('loses no event across a dropped watch and a 410 expiry', async () => {
    kube.dropWatches();
    kube.updatePod(labelled('web-3', '127.0.0.4', true));
    kube.expire();
    await eventually('web-3 registered', 10_000, async () => ((await stateOf('127.0.0.4')) ? true : undefined));
  });

  it('converges after the API server was down', async () => {
    await kube.stop();
    kube.deletePod(NAMESPACE, 'web-1');
    await new Promise((r) => setTimeout(r, 1_500));
    const during = await (await fetch(`${server.url}/_kecs/health`)).json() as { status: string; kubernetes?: { state: string } };
    assert.equal(during.status, 'ok');
    assert.notEqual(during.kubernetes?.state, 'synced');
    await kube.start();
    await eventually('web-1 draining after the API server is back', 40_000, async () => ((await stateOf('127.0.0.2')) === 'draining' ? true : undefined));
  });
});
