import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  waitUntilTargetDeregistered,
  waitUntilTargetInService,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { awsCli, freePort, hasAwsCli, startServer, type StartedServer } from '../support/server.js';
import { httpTarget, type HttpTarget } from '../handlers/scheduled/probe-targets.js';


async function until(condition: () => boolean, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; !condition();) {
    if (Date.now() > deadline) assert.fail(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Real health checks in the started gateway: a target group checked every 5 s with thresholds of
 * 2, and a local HTTP server as its target, taken down and brought back; the gateway is killed
 * (SIGKILL) in between and restarted on its data folder; then the target is deregistered. The
 * state lives in a test database (DATABASE_URL): what is under test is the gateway's ticks and
 * writes, not the embedded Postgres, whose crash and restart the CLI suite covers.
 */
describe('health checks end to end', () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let server: StartedServer;
  let target: HttpTarget;
  let elb: ElasticLoadBalancingV2Client;
  let tg: string;
  let targets: Array<{ Id: string; Port: number }>;
  const connect = () => {
    elb?.destroy();
    elb = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  };
  const health = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg, Targets: targets }))).TargetHealthDescriptions![0].TargetHealth!;
  const waitFor = async (state: string, ms: number) => {
    for (const deadline = Date.now() + ms; ;) {
      const current = await health();
      if (current.State === state) return current;
      if (Date.now() > deadline) assert.fail(`still ${JSON.stringify(current)} after ${ms} ms, expected ${state}\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-e2e-health-'));
    database = await startTestDatabase();
    env = { KECS_TICK_MS: '250', DATABASE_URL: database.connectionString };
    [server, target] = await Promise.all([startServer(dataDir, env, { launch: 'like the tests' }), httpTarget(200)]);
    targets = [{ Id: '127.0.0.1', Port: target.port }];
    connect();
  });
  after(async () => {
    elb?.destroy();
    await server?.stop();
    await target?.stop();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers a local server that turns healthy, for the target_in_service waiter too', async () => {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'e2e-health', Subnets: ['subnet-a', 'subnet-b'] }));
    const { TargetGroups: [group] = [] } = await elb.send(new CreateTargetGroupCommand({
      Name: 'e2e-health', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', TargetType: 'ip', HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
    }));
    tg = group.TargetGroupArn!;
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }));
    await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: await freePort(), DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: targets }));
    await waitUntilTargetInService({ client: elb, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { TargetGroupArn: tg, Targets: targets });
    assert.deepEqual(await health(), { State: 'healthy' });
    assert.ok(target.requests.length >= 1 && target.requests.every((r) => r.path === '/health' && r.host === `127.0.0.1:${target.port}`));
    if (hasAwsCli()) {
      const waited = await awsCli(server.url, ['elbv2', 'wait', 'target-in-service', '--target-group-arn', tg, '--targets', `Id=127.0.0.1,Port=${target.port}`]);
      assert.equal(waited.status, 0, waited.stderr);
    }
  });

  it('loses no target when killed (SIGKILL) in the middle of a tick, and probes on after a restart', async () => {
    // A slow answer holds a tick's probe in flight: the claim has committed, the result is not written.
    target.delayMs = 1500;
    const seen = target.requests.length;
    await until(() => target.requests.length > seen, 7000);
    await server.kill();
    target.delayMs = 0;
    server = await startServer(dataDir, env, { port: server.port, launch: 'like the tests' });
    connect();
    assert.deepEqual(await health(), { State: 'healthy' });
    await until(() => target.requests.length > seen + 1, 7000);
    assert.deepEqual(await health(), { State: 'healthy' });
  });

  it('turns unhealthy with Target.FailedHealthChecks when the server stops, healthy when it is back', async () => {
    await target.stop();
    // Two failed checks 5 s apart, plus the wait for the first one.
    assert.deepEqual(await waitFor('unhealthy', 15_000), { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' });
    await target.start();
    assert.deepEqual(await waitFor('healthy', 15_000), { State: 'healthy' });
  });

  it('drains a deregistered target for the delay, then it is gone, for the target_deregistered waiter too', async () => {
    const seen = target.requests.length;
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: targets }));
    const draining = await health();
    assert.deepEqual([draining.State, draining.Reason], ['draining', 'Target.DeregistrationInProgress']);
    const started = Date.now();
    await waitUntilTargetDeregistered({ client: elb, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { TargetGroupArn: tg, Targets: targets });
    assert.ok(Date.now() - started >= 3000, 'it drained for the deregistration delay');
    assert.deepEqual(await health(), { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });
    assert.ok(target.requests.length <= seen + 1, 'a draining target is not probed');
    if (hasAwsCli()) {
      const waited = await awsCli(server.url, ['elbv2', 'wait', 'target-deregistered', '--target-group-arn', tg, '--targets', `Id=127.0.0.1,Port=${target.port}`]);
      assert.equal(waited.status, 0, waited.stderr);
    }
  });
});
