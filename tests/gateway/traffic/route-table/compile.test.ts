import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from '../traefik/fixtures.js';

const tg = targetGroup('web', '00000000000000a1');

describe('compileRouteTable: routable targets', () => {
  // [case, target states, the ids that may receive traffic]
  const cases: Array<[string, Array<[string, string]>, string[]]> = [
    ['nothing registered', [], []],
    ['healthy ones only', [['a', 'healthy'], ['b', 'unhealthy'], ['c', 'initial'], ['d', 'draining']], ['a']],
    ['health checks disabled count as in service', [['a', 'unavailable'], ['b', 'unhealthy']], ['a']],
    ['fails open to all registered when none is healthy', [['a', 'unhealthy'], ['b', 'initial'], ['c', 'unused']], ['a', 'b', 'c']],
    ['fails open to initial targets of a new group', [['a', 'initial'], ['b', 'initial']], ['a', 'b']],
    ['draining never, even failing open', [['a', 'unhealthy'], ['b', 'draining']], ['a']],
    ['only draining: nothing', [['a', 'draining']], []],
    ['an initial target waits while another is healthy', [['a', 'healthy'], ['b', 'initial']], ['a']],
  ];
  for (const [name, states, expected] of cases) {
    it(name, () => {
      const table = compileRouteTable(routingState({ targetGroups: [tg], targets: states.map(([id, state]) => target(tg, id, 80, state)) }));
      assert.deepEqual(table.targetGroups[tg.arn].targets.map((t) => t.id), expected);
    });
  }

  it('sorts targets by id, then port', () => {
    const targets = [target(tg, '10.0.0.2', 80, 'healthy'), target(tg, '10.0.0.1', 81, 'healthy'), target(tg, '10.0.0.1', 80, 'healthy')];
    const table = compileRouteTable(routingState({ targetGroups: [tg], targets }));
    assert.deepEqual(table.targetGroups[tg.arn].targets, [{ id: '10.0.0.1', port: 80 }, { id: '10.0.0.1', port: 81 }, { id: '10.0.0.2', port: 80 }]);
  });
});

describe('compileRouteTable: target group settings', () => {
  // [case, protocol, attributes, expected algorithm and stickiness]
  const cases: Array<[string, string, Record<string, string>, object]> = [
    ['ALB defaults', 'HTTP', {}, { algorithm: 'round_robin', stickiness: { enabled: false, type: 'lb_cookie', durationSeconds: 86400 } }],
    ['NLB defaults', 'TCP', {}, { algorithm: 'round_robin', stickiness: { enabled: false, type: 'source_ip', durationSeconds: 86400 } }],
    ['lb_cookie', 'HTTP', { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '60', 'load_balancing.algorithm.type': 'least_outstanding_requests' },
      { algorithm: 'least_outstanding_requests', stickiness: { enabled: true, type: 'lb_cookie', durationSeconds: 60 } }],
    ['app_cookie', 'HTTP', { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'SESSION', 'stickiness.app_cookie.duration_seconds': '120' },
      { algorithm: 'round_robin', stickiness: { enabled: true, type: 'app_cookie', durationSeconds: 120, cookieName: 'SESSION' } }],
    ['an unknown algorithm falls back to round_robin', 'HTTP', { 'load_balancing.algorithm.type': 'bogus' }, { algorithm: 'round_robin', stickiness: { enabled: false, type: 'lb_cookie', durationSeconds: 86400 } }],
  ];
  for (const [name, protocol, attributes, expected] of cases) {
    it(name, () => {
      const group = targetGroup('g', '00000000000000b1', { protocol, attributes });
      const { algorithm, stickiness } = compileRouteTable(routingState({ targetGroups: [group] })).targetGroups[group.arn];
      assert.deepEqual({ algorithm, stickiness }, expected);
    });
  }
});

describe('compileRouteTable: load balancers, listeners and rules', () => {
  const older = loadBalancer('older', '00000000000000c1', { createdAt: '2026-01-01T00:00:00Z', attributes: { 'idle_timeout.timeout_seconds': '5' } });
  const newer = loadBalancer('Newer', '00000000000000c2', { createdAt: '2026-01-02T00:00:00Z' });
  const nlb = loadBalancer('net', '00000000000000c3', { type: 'network', createdAt: '2026-01-03T00:00:00Z' });
  const l80 = listener(older, 'l80', 80);
  const l443 = listener(older, 'l443', 443, 'HTTPS');
  const l8080 = listener(older, 'l8080', 8080);
  const geneve = { ...listener(newer, 'lgw', 0), port: null, protocol: null };
  const rules = [
    rule(l80, 'd', 'default', [], [forward(tg)]),
    rule(l80, 'r20', 20, [], [forward(tg)]),
    rule(l80, 'r3', 3, [], [forward(tg)]),
    rule(l80, 'r100', 100, [], [
      { Type: 'forward', TargetGroupArn: tg.arn, Order: 2 },
      { Type: 'authenticate-oidc', Order: 1 },
    ]),
  ];
  const table = compileRouteTable(routingState({
    loadBalancers: [nlb, newer, older],
    listeners: [l8080, geneve, l443, l80],
    rules,
    targetGroups: [tg],
  }));

  it('orders load balancers oldest first and lower-cases DNS names', () => {
    assert.deepEqual(table.loadBalancers.map((lb) => lb.name), ['older', 'Newer', 'net']);
    assert.equal(table.loadBalancers[1].dnsName, 'newer-00000000000000c2.us-east-1.elb.localhost');
  });

  it('reads the idle timeout, with the defaults of each type', () => {
    assert.deepEqual(table.loadBalancers.map((lb) => lb.idleTimeoutSeconds), [5, 60, 350]);
  });

  it('orders listeners by port and leaves out listeners without a port', () => {
    assert.deepEqual(table.loadBalancers[0].listeners.map((l) => [l.protocol, l.port]), [['HTTP', 80], ['HTTPS', 443], ['HTTP', 8080]]);
    assert.deepEqual(table.loadBalancers[1].listeners, []);
  });

  it('orders rules by priority ascending, the default last', () => {
    assert.deepEqual(table.loadBalancers[0].listeners[0].rules.map((r) => r.priority), [3, 20, 100, 'default']);
  });

  it('orders actions by Order', () => {
    assert.deepEqual(table.loadBalancers[0].listeners[0].rules[2].actions.map((a) => a.Type), ['authenticate-oidc', 'forward']);
  });

  it('carries the routing version', () => {
    assert.equal(table.version, '7');
  });

  it('gives an equal table for the rows in any order', () => {
    const reversed = compileRouteTable(routingState({
      loadBalancers: [older, newer, nlb],
      listeners: [l80, l443, geneve, l8080],
      rules: [...rules].reverse(),
      targetGroups: [tg],
    }));
    assert.deepEqual(reversed, table);
  });
});
