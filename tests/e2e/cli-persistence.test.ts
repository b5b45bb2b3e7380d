import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, freePort, hasAwsCli, startServer, type StartedServer } from '../support/server.js';

const cliMissing = hasAwsCli() ? false : 'the AWS CLI (`aws`) is not installed: skipping the CLI end-to-end suite';

/**
 * The README's walk-through with the real AWS CLI against the started gateway, then a crash
 * (SIGKILL) and a restart on the same data folder: every resource must still be there.
 */
describe('AWS CLI end to end, with a crash and a restart', { skip: cliMissing }, () => {
  let dataDir: string;
  let server: StartedServer;
  const ids: Record<string, string> = {};
  const cli = async (...args: string[]) => {
    const result = await awsCli(server.url, args);
    assert.equal(result.status, 0, `aws ${args.join(' ')} failed: ${result.stderr}\n${server.output().slice(-2000)}`);
    return result.json;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-e2e-'));
    server = await startServer(dataDir);
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates an ALB, a target group, a listener with a path rule, registers targets and describes health', async () => {
    const lb = await cli('elbv2', 'create-load-balancer', '--name', 'e2e-alb', '--subnets', 'subnet-aaa', 'subnet-bbb', '--tags', 'Key=team,Value=web');
    ids.lb = lb.LoadBalancers[0].LoadBalancerArn;
    await cli('elbv2', 'wait', 'load-balancer-available', '--load-balancer-arns', ids.lb);
    const tg = await cli('elbv2', 'create-target-group', '--name', 'e2e-tg', '--protocol', 'HTTP', '--port', '8080', '--vpc-id', 'vpc-1', '--target-type', 'ip');
    ids.tg = tg.TargetGroups[0].TargetGroupArn;
    const listenerPort = String(await freePort());
    const listener = await cli('elbv2', 'create-listener', '--load-balancer-arn', ids.lb, '--protocol', 'HTTP', '--port', listenerPort,
      '--default-actions', 'Type=fixed-response,FixedResponseConfig={StatusCode=404,ContentType=text/plain,MessageBody=nothing here}');
    ids.listener = listener.Listeners[0].ListenerArn;
    const rule = await cli('elbv2', 'create-rule', '--listener-arn', ids.listener, '--priority', '10',
      '--conditions', 'Field=path-pattern,Values=/api/*', '--actions', `Type=forward,TargetGroupArn=${ids.tg}`);
    ids.rule = rule.Rules[0].RuleArn;
    await cli('elbv2', 'register-targets', '--target-group-arn', ids.tg, '--targets', 'Id=127.0.0.1,Port=9', 'Id=127.0.0.2,Port=9');
    await cli('elbv2', 'modify-load-balancer-attributes', '--load-balancer-arn', ids.lb, '--attributes', 'Key=idle_timeout.timeout_seconds,Value=120');
    const health = await cli('elbv2', 'describe-target-health', '--target-group-arn', ids.tg);
    assert.deepEqual(health.TargetHealthDescriptions.map((d: any) => d.Target.Id).sort(), ['127.0.0.1', '127.0.0.2']);
    for (const d of health.TargetHealthDescriptions) assert.ok(['initial', 'healthy', 'unhealthy'].includes(d.TargetHealth.State), d.TargetHealth.State);
  });

  it('answers AWS errors the CLI understands', async () => {
    const missing = await awsCli(server.url, ['elbv2', 'describe-load-balancers', '--names', 'nope']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /LoadBalancerNotFound/);
    const badKey = await awsCli(server.url, ['elbv2', 'modify-load-balancer-attributes', '--load-balancer-arn', ids.lb, '--attributes', 'Key=made.up,Value=1']);
    assert.match(badKey.stderr, /Load balancer attribute key 'made\.up' is not recognized/);
  });

  it("describes AWS's SSL policies to the CLI, and boto3's paginator follows NextMarker through them", async () => {
    const all = await cli('elbv2', 'describe-ssl-policies');
    assert.ok(all.SslPolicies.length > 20);
    const one = await cli('elbv2', 'describe-ssl-policies', '--names', 'ELBSecurityPolicy-2016-08');
    assert.deepEqual(one.SslPolicies[0].Ciphers[0], { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 1 });
    const missing = await awsCli(server.url, ['elbv2', 'describe-ssl-policies', '--names', 'nope']);
    assert.match(missing.stderr, /SSLPolicyNotFound/);
    const script = [
      'import boto3, json, sys',
      "c = boto3.client('elbv2', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')",
      "pages = c.get_paginator('describe_ssl_policies').paginate(PaginationConfig={'PageSize': 5})",
      "print(json.dumps([[p['Name'] for p in page['SslPolicies']] for page in pages]))",
    ].join('\n');
    const boto3 = spawnSync('python3', ['-c', script, server.url], { encoding: 'utf8', timeout: 60_000 });
    if (boto3.status !== 0 && /No module named 'boto3'/.test(boto3.stderr)) return;
    assert.equal(boto3.status, 0, boto3.stderr);
    const pages: string[][] = JSON.parse(boto3.stdout);
    assert.equal(pages.length, Math.ceil(all.SslPolicies.length / 5));
    assert.deepEqual(pages.flat(), all.SslPolicies.map((p: any) => p.Name));
  });

  it('keeps every resource across SIGKILL and a restart on the same data folder', async () => {
    await server.kill();
    server = await startServer(dataDir);
    const lbs = await cli('elbv2', 'describe-load-balancers', '--names', 'e2e-alb');
    assert.equal(lbs.LoadBalancers[0].LoadBalancerArn, ids.lb);
    assert.equal(lbs.LoadBalancers[0].State.Code, 'active');
    const attributes = await cli('elbv2', 'describe-load-balancer-attributes', '--load-balancer-arn', ids.lb);
    assert.equal(attributes.Attributes.find((a: any) => a.Key === 'idle_timeout.timeout_seconds').Value, '120');
    const tags = await cli('elbv2', 'describe-tags', '--resource-arns', ids.lb);
    assert.deepEqual(tags.TagDescriptions[0].Tags, [{ Key: 'team', Value: 'web' }]);
    const listeners = await cli('elbv2', 'describe-listeners', '--load-balancer-arn', ids.lb);
    assert.equal(listeners.Listeners[0].ListenerArn, ids.listener);
    assert.equal(listeners.Listeners[0].DefaultActions[0].FixedResponseConfig.MessageBody, 'nothing here');
    const rules = await cli('elbv2', 'describe-rules', '--listener-arn', ids.listener);
    assert.deepEqual(rules.Rules.map((r: any) => r.Priority), ['10', 'default']);
    assert.equal(rules.Rules[0].RuleArn, ids.rule);
    const groups = await cli('elbv2', 'describe-target-groups', '--load-balancer-arn', ids.lb);
    assert.equal(groups.TargetGroups[0].TargetGroupArn, ids.tg);
    const health = await cli('elbv2', 'describe-target-health', '--target-group-arn', ids.tg);
    assert.equal(health.TargetHealthDescriptions.length, 2);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    assert.equal(await server.stop(), 0);
  });
});
