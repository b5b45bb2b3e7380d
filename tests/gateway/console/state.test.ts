import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { handler as createListener } from '../../../handlers/elbv2/CreateListener.js';
import { handler as createRule } from '../../../handlers/elbv2/CreateRule.js';
import { handler as registerTargets } from '../../../handlers/elbv2/RegisterTargets.js';
import { writeHealth } from '../../../handlers/scheduled/lib/health-results.js';
import { RecentRequests } from '../../../gateway/console/recent-requests.js';
import { loadConsoleState } from '../../../gateway/console/state.js';
import { testContext } from '../../support/context.js';
import { albWithListener, fixedResponse, forward, makeLoadBalancer, makeTargetGroup } from '../../handlers/elbv2/direct/fixtures.js';

const ACCOUNT = '000000000000';
const OTHER = '111111111111';

describe('console state', () => {
  const kit = testContext();
  let lbArn: string;
  let tgArn: string;
  let listenerArn: string;

  beforeEach(async () => {
    ({ lbArn, tgArn, listenerArn } = await albWithListener(kit.ctx(), 'shop'));
    await createRule({ ListenerArn: listenerArn, Priority: 20, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }], Actions: [forward(tgArn)] }, kit.ctx());
    await createRule({ ListenerArn: listenerArn, Priority: 3, Conditions: [{ Field: 'path-pattern', Values: ['/old/*'] }, { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '1' }] } }],
      Actions: [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Protocol: 'HTTPS', Port: '443' } }] }, kit.ctx());
    await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0bbbbbbbbbbbbbbbb', Port: 8080 }, { Id: 'i-0aaaaaaaaaaaaaaaa', Port: 8080 }] }, kit.ctx());
    // Elsewhere: another account, another region.
    await makeLoadBalancer(kit.ctx({ accountId: OTHER }), 'theirs');
    await makeTargetGroup(kit.ctx({ region: 'eu-west-1' }), 'euro');
  });

  it('lists the scope\'s load balancers, listeners and rules in evaluation order, and no other scope\'s', async () => {
    const state = await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'us-east-1' }, undefined);
    assert.deepEqual(state.loadBalancers.map((lb) => lb.name), ['shop']);
    assert.equal(state.loadBalancers[0].arn, lbArn);
    const [listener] = state.loadBalancers[0].listeners;
    assert.deepEqual([listener.protocol, listener.port], ['HTTP', 80]);
    assert.deepEqual(listener.rules.map((r) => r.priority), [3, 20, 'default']);
    assert.deepEqual(listener.rules.map((r) => r.conditions), [
      ['path-pattern "/old/*"', 'query-string v=1'],
      ['host-header "api.example.com"'],
      [],
    ]);
    assert.deepEqual(listener.rules.map((r) => r.actions), [
      ['redirect HTTP_301 https://#{host}:443/#{path}?#{query}'],
      ['forward shop-tg'],
      ['forward shop-tg'],
    ]);
    assert.deepEqual(state.scopes, [
      { account: ACCOUNT, region: 'eu-west-1' },
      { account: ACCOUNT, region: 'us-east-1' },
      { account: OTHER, region: 'us-east-1' },
    ]);
    assert.deepEqual((await loadConsoleState(kit.database.db, { account: OTHER, region: 'us-east-1' }, undefined)).loadBalancers.map((lb) => lb.name), ['theirs']);
    assert.deepEqual((await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'eu-west-1' }, undefined)).targetGroups.map((g) => g.name), ['euro']);
  });

  it('shows each target\'s health, last check and check latency as the health checker wrote them', async () => {
    let state = await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'us-east-1' }, undefined);
    const [group] = state.targetGroups;
    assert.deepEqual([group.name, group.protocol, group.port, group.healthCheck], ['shop-tg', 'HTTP', 80, 'HTTP / every 30s']);
    assert.deepEqual(group.targets.map((t) => [t.id, t.state, t.lastCheckedAt, t.latencyMs]), [
      ['i-0aaaaaaaaaaaaaaaa', 'initial', null, null],
      ['i-0bbbbbbbbbbbbbbbb', 'initial', null, null],
    ]);
    const checkedAt = new Date('2026-12-03T07:00:00.000Z');
    const before = { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress', consecutiveSuccesses: 0, consecutiveFailures: 0 };
    await writeHealth(kit.database.db, [{
      targetGroupArn: tgArn, id: 'i-0aaaaaaaaaaaaaaaa', port: 8080, before, checkedAt, checkMs: 12.4,
      after: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]', consecutiveSuccesses: 0, consecutiveFailures: 2 },
    }]);
    state = await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'us-east-1' }, undefined);
    assert.deepEqual(state.targetGroups[0].targets[0], {
      id: 'i-0aaaaaaaaaaaaaaaa', port: 8080, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]',
      lastCheckedAt: checkedAt.toISOString(), latencyMs: 12,
    });
  });

  it('carries each listener\'s last requests, and the routing version it was read with', async () => {
    const recent = new RecentRequests(2);
    for (const path of ['/a', '/b', '/c']) recent.record(listenerArn, { at: '2026-12-03T07:00:00.000Z', method: 'GET', path, rule: 'default', target: '10.0.0.1:80', status: 200, ms: 1 });
    const state = await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'us-east-1' }, recent);
    assert.deepEqual(state.loadBalancers[0].listeners[0].requests.map((r) => [r.seq, r.path]), [[2, '/b'], [3, '/c']]);
    const row = await kit.database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow();
    assert.equal(state.version, String(row.version));
  });

  it('lists a fixed response and weighted forwards by target group name', async () => {
    const spare = await makeTargetGroup(kit.ctx(), 'spare');
    const { Listeners = [] } = await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [fixedResponse('404')] }, kit.ctx());
    await createRule({ ListenerArn: Listeners[0].ListenerArn!, Priority: 1, Conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }, { TargetGroupArn: spare, Weight: 3 }] } }] }, kit.ctx());
    const state = await loadConsoleState(kit.database.db, { account: ACCOUNT, region: 'us-east-1' }, undefined);
    const listener = state.loadBalancers[0].listeners.find((l) => l.port === 8080)!;
    assert.deepEqual(listener.rules.map((r) => [r.conditions, r.actions]), [
      [['http-request-method GET, HEAD'], ['forward shop-tg (weight 1), spare (weight 3)']],
      [[], ['fixed-response 404']],
    ]);
  });
});
