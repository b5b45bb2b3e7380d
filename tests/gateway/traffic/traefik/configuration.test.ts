import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { compileRouteTable, type RoutingState } from '../../../../gateway/traffic/route-table/compile.js';
import { renderTraefikConfig, serializeTraefikConfig } from '../../../../gateway/traffic/traefik/configuration.js';
import type { TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from './fixtures.js';
import { REPRESENTATIVE } from './representative-state.js';
import { referenceErrors } from './references.js';
import { decodeDynamicConfiguration, type DecodeReport, validateShape } from './shape.js';

const OPTIONS = { actionsUrl: 'http://kecs-lb.kecs.svc:4566' };
const render = (state: RoutingState) => serializeTraefikConfig(renderTraefikConfig(compileRouteTable(state), OPTIONS));

/** A deterministic Fisher–Yates shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('Traefik dynamic configuration', () => {
  it('matches the golden document for a representative state', async () => {
    const golden = await readFile(new URL('golden/representative.json', import.meta.url), 'utf8');
    assert.equal(render(REPRESENTATIVE), golden);
  });

  it('is {} for an empty state', () => {
    assert.equal(render(routingState({})), '{}\n');
  });

  it('gives the same bytes for the same state in any row order', () => {
    const expected = render(REPRESENTATIVE);
    for (let seed = 1; seed <= 20; seed++) {
      const state: RoutingState = {
        version: REPRESENTATIVE.version,
        loadBalancers: shuffled(REPRESENTATIVE.loadBalancers, seed),
        listeners: shuffled(REPRESENTATIVE.listeners, seed + 100),
        rules: shuffled(REPRESENTATIVE.rules, seed + 200),
        targetGroups: shuffled(REPRESENTATIVE.targetGroups, seed + 300),
        targets: shuffled(REPRESENTATIVE.targets, seed + 400),
      };
      assert.equal(render(state), expected, `seed ${seed}`);
    }
  });

  it('has the shape of Traefik v3 dynamic configuration, and its references resolve', () => {
    const config = JSON.parse(render(REPRESENTATIVE)) as TraefikConfig;
    assert.deepEqual(validateShape(config), []);
    assert.deepEqual(referenceErrors(config), []);
  });

  it('decodes cleanly: nothing Traefik would reject, refuse or have to convert', () => {
    assert.deepEqual(decodeDynamicConfiguration(JSON.parse(render(REPRESENTATIVE))), { rejected: [], objects: [], loose: [] });
  });
});

describe("the shape validator models Traefik's decoder (golden cases)", async () => {
  const cases = JSON.parse(await readFile(new URL('golden/decoder.json', import.meta.url), 'utf8')) as Array<{ case: string; document: unknown; report: DecodeReport }>;
  for (const { case: name, document, report } of cases) {
    it(name, () => {
      assert.deepEqual(decodeDynamicConfiguration(document), report);
    });
  }

  it('broken references are a separate check', () => {
    const broken = { http: { routers: { r: { entryPoints: ['elb-80'], rule: 'Path(`/`)', priority: 1, service: 'missing' } } } };
    assert.equal(referenceErrors(broken as unknown as TraefikConfig).length, 1);
  });
});

describe('Traefik dynamic configuration: port sharing', () => {
  const tg = targetGroup('tg', '00000000000000e1');
  const lbs = ['first', 'second', 'third'].map((name, i) => loadBalancer(name, `00000000000000f${i}`, { createdAt: `2026-01-0${i + 1}T00:00:00Z` }));

  it('only the oldest TCP listener of a port is served', () => {
    const nlbs = lbs.map((lb) => ({ ...lb, type: 'network' }));
    const listeners = nlbs.map((lb, i) => listener(lb, `l${i}`, 7000, 'TCP'));
    const config = renderTraefikConfig(compileRouteTable(routingState({
      loadBalancers: nlbs, listeners, targetGroups: [tg], targets: [target(tg, '10.0.0.1', 7000, 'healthy')],
      rules: listeners.map((l) => rule(l, 'd', 'default', [], [forward(tg)])),
    })), OPTIONS);
    assert.deepEqual(Object.keys(config.tcp?.routers ?? {}), ['first-00000000000000f0-7000']);
  });

  it('an HTTP listener on a port owned by a TCP listener is not served', () => {
    const nlb = { ...lbs[0], type: 'network' };
    const listeners = [listener(nlb, 'l0', 7000, 'TCP'), listener(lbs[1], 'l1', 7000, 'HTTP')];
    const config = renderTraefikConfig(compileRouteTable(routingState({
      loadBalancers: [nlb, lbs[1]], listeners, targetGroups: [tg], rules: listeners.map((l) => rule(l, 'd', 'default', [], [forward(tg)])),
    })), OPTIONS);
    assert.equal(config.http, undefined);
    assert.deepEqual(Object.keys(config.tcp?.routers ?? {}), ['first-00000000000000f0-7000']);
  });

  it('HTTP listeners of three load balancers on one port are told apart by Host', () => {
    const listeners = lbs.map((lb, i) => listener(lb, `l${i}`, 8080));
    const config = renderTraefikConfig(compileRouteTable(routingState({
      loadBalancers: shuffled(lbs, 3), listeners, targetGroups: [tg], rules: listeners.map((l) => rule(l, 'd', 'default', [], [forward(tg)])),
    })), OPTIONS);
    assert.deepEqual(Object.values(config.http?.routers ?? {}).map((r) => r.rule), [
      'PathPrefix(`/`) && !Host(`second-00000000000000f1.us-east-1.elb.localhost`) && !Host(`third-00000000000000f2.us-east-1.elb.localhost`)',
      'Host(`second-00000000000000f1.us-east-1.elb.localhost`)',
      'Host(`third-00000000000000f2.us-east-1.elb.localhost`)',
    ]);
    assert.deepEqual(referenceErrors(config), []);
  });
});

describe('Traefik dynamic configuration: least connections on TCP', () => {
  it('renders a TCP group with least_outstanding_requests as the same valid round-robin service', () => {
    const nlb = loadBalancer('nlb', '00000000000000a1', { type: 'network' });
    const tcp = listener(nlb, 'l0', 6379, 'TCP');
    const state = (attributes: Record<string, string>) => {
      const tg = targetGroup('redis', '00000000000000b1', { protocol: 'TCP', attributes });
      return routingState({
        loadBalancers: [nlb], listeners: [tcp], targetGroups: [tg], rules: [rule(tcp, 'd', 'default', [], [forward(tg)])],
        targets: [target(tg, '10.0.0.1', 6379, 'healthy'), target(tg, '10.0.0.2', 6379, 'healthy')],
      });
    };
    const leastConnections = state({ 'load_balancing.algorithm.type': 'least_outstanding_requests' });
    // The data plane sees the choice; Traefik's TCP load balancer has no strategy to take it.
    assert.equal(Object.values(compileRouteTable(leastConnections).targetGroups)[0].algorithm, 'least_outstanding_requests');
    assert.equal(render(leastConnections), render(state({})));
    const config = JSON.parse(render(leastConnections)) as TraefikConfig;
    assert.deepEqual(validateShape(config), []);
    assert.deepEqual(referenceErrors(config), []);
    assert.deepEqual(Object.values(config.tcp?.services ?? {}).map((service) => Object.keys('loadBalancer' in service ? service.loadBalancer : {})), [['servers']]);
  });
});

describe('Traefik dynamic configuration: instance targets', () => {
  it('lists an instance target at the private IP it resolved to at registration', () => {
    const alb = loadBalancer('web', '00000000000000a2');
    const http = listener(alb, 'l0', 80, 'HTTP');
    const tg = targetGroup('app', '00000000000000b2', { protocol: 'HTTP' });
    const config = JSON.parse(render(routingState({
      loadBalancers: [alb], listeners: [http], targetGroups: [tg], rules: [rule(http, 'd', 'default', [], [forward(tg)])],
      targets: [{ ...target(tg, 'i-0123456789abcdef0', 8080, 'healthy'), address: '10.0.1.17' }],
    }))) as TraefikConfig;
    const servers = Object.values(config.http?.services ?? {}).flatMap((service) => ('loadBalancer' in service ? service.loadBalancer.servers : []));
    assert.deepEqual(servers, [{ url: 'http://10.0.1.17:8080' }]);
  });
});

describe('Traefik dynamic configuration: UDP and TCP_UDP listeners', () => {
  it('serves a TCP_UDP listener on both its entrypoints, each router to routable targets only', () => {
    const nlb = loadBalancer('dns', '00000000000000c1', { type: 'network' });
    const dual = listener(nlb, 'l0', 8053, 'TCP_UDP');
    const udp = listener(nlb, 'l1', 8054, 'UDP');
    const both = targetGroup('dns-dual', '00000000000000d1', { protocol: 'TCP_UDP' });
    const datagrams = targetGroup('dns-udp', '00000000000000d2', { protocol: 'UDP' });
    const config = renderTraefikConfig(compileRouteTable(routingState({
      loadBalancers: [nlb], listeners: [dual, udp], targetGroups: [both, datagrams],
      rules: [rule(dual, 'd0', 'default', [], [forward(both)]), rule(udp, 'd1', 'default', [], [forward(datagrams)])],
      targets: [target(both, '10.0.0.1', 53, 'healthy'), target(both, '10.0.0.2', 53, 'unhealthy'), target(datagrams, '10.0.0.3', 53, 'initial')],
    })), OPTIONS);
    assert.deepEqual(Object.values(config.tcp?.routers ?? {}).map((r) => r.entryPoints), [['elb-8053']]);
    assert.deepEqual(Object.values(config.udp?.routers ?? {}).map((r) => r.entryPoints), [['elb-8053-udp'], ['elb-8054-udp']]);
    const servers = (services: Record<string, unknown> | undefined) => Object.values(services ?? {})
      .map((service) => (service as { loadBalancer: { servers: Array<{ address: string }> } }).loadBalancer.servers.map((s) => s.address));
    assert.deepEqual(servers(config.tcp?.services), [['10.0.0.1:53']]);
    // The unhealthy target is left out; the group with only an `initial` target fails open.
    assert.deepEqual(servers(config.udp?.services), [['10.0.0.1:53'], ['10.0.0.3:53']]);
    assert.deepEqual(validateShape(config), []);
    assert.deepEqual(referenceErrors(config), []);
  });
});
