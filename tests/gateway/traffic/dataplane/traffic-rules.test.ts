import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, targetOf, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

// Every condition type through real HTTP: a started gateway, an ALB listener on its own port,
// one target server per rule so the answering server names the rule that matched.
describe('listener rules through the embedded data plane', () => {
  let lab: Lab;
  let lb: LoadBalancer;
  let port: number;
  let shared: number;
  let sharing: LoadBalancer[];
  const targets: Record<string, Target> = {};

  before(async () => {
    lab = await startLab();
    for (const name of ['default', 'host', 'path', 'legacy', 'header', 'method', 'query', 'source', 'other', 'shared']) targets[name] = await startTarget(name);
    lb = await lab.loadBalancer('rules');
    const groups: Record<string, string> = {};
    for (const name of Object.keys(targets)) {
      groups[name] = await lab.targetGroup(`tg-${name}`, lb.vpcId);
      await lab.register(groups[name], [targets[name]]);
    }
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, forward(groups.default));
    await lab.rule(listener, 10, [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.api.example.com', 'api?.example.com'] } }], forward(groups.host));
    await lab.rule(listener, 20, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*', '/v?/items'] } }], forward(groups.path));
    await lab.rule(listener, 25, [{ Field: 'path-pattern', Values: ['/legacy*'] }], forward(groups.legacy));
    await lab.rule(listener, 30, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod*'] } }], forward(groups.header));
    await lab.rule(listener, 40, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['PUT'] } }], forward(groups.method));
    await lab.rule(listener, 50, [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v?' }, { Value: 'lit\\*' }] } }], forward(groups.query));
    await lab.rule(listener, 60, [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }], forward(groups.other));
    await lab.rule(listener, 70, [
      { Field: 'source-ip', SourceIpConfig: { Values: ['127.0.0.0/8', '::1/128'] } },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/src'] } },
    ], forward(groups.source));
    // Two more ALBs sharing one port, told apart by Host header.
    shared = await freePort();
    sharing = [await lab.loadBalancer('rules-one'), await lab.loadBalancer('rules-two')];
    // A target group serves one load balancer (ELBv2 rule), so the first gets a group of its own.
    const one = await lab.targetGroup('tg-one', lb.vpcId);
    await lab.register(one, [targets.default]);
    await lab.listener(sharing[0].arn, shared, forward(one));
    await lab.listener(sharing[1].arn, shared, forward(groups.shared));
    await waitFor(async () => (await targetOf(port, '/src')) === 'source');
  });

  after(async () => {
    await lab?.close();
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it('host-header: case-insensitive, `*` and `?` wildcards, port ignored', async () => {
    assert.equal(await targetOf(port, '/', { host: 'a.b.api.example.com' }), 'host');
    assert.equal(await targetOf(port, '/', { host: 'X.API.Example.COM:8080' }), 'host');
    assert.equal(await targetOf(port, '/', { host: 'api7.example.com' }), 'host');
    assert.equal(await targetOf(port, '/', { host: 'api.example.com' }), 'default');
    assert.equal(await targetOf(port, '/', { host: 'api77.example.com' }), 'default');
  });

  it('priority order: the lowest-numbered matching rule wins', async () => {
    assert.equal(await targetOf(port, '/img/a.png', { host: 'x.api.example.com' }), 'host');
  });

  it('path-pattern: case-sensitive, wildcards, path only; the legacy Values form', async () => {
    assert.equal(await targetOf(port, '/img/2026/a.png'), 'path');
    assert.equal(await targetOf(port, '/IMG/a.png'), 'default');
    assert.equal(await targetOf(port, '/v2/items'), 'path');
    assert.equal(await targetOf(port, '/v10/items'), 'default');
    assert.equal(await targetOf(port, '/other?p=/img/x'), 'default');
    assert.equal(await targetOf(port, '/legacy/page'), 'legacy');
  });

  it('http-header: name and value case-insensitive, with wildcards', async () => {
    assert.equal(await targetOf(port, '/', { headers: { 'x-ENV': 'PRODUCTION' } }), 'header');
    assert.equal(await targetOf(port, '/', { headers: { 'X-Env': 'staging' } }), 'default');
  });

  it('http-request-method: exact', async () => {
    assert.equal(await targetOf(port, '/', { method: 'PUT' }), 'method');
    assert.equal(await targetOf(port, '/', { method: 'PATCH' }), 'default');
  });

  it('query-string: optional key, case-insensitive, `?` wildcard, `\\*` literal, percent-decoded', async () => {
    assert.equal(await targetOf(port, '/?VERSION=V2'), 'query');
    assert.equal(await targetOf(port, '/?a=1&version=v3'), 'query');
    assert.equal(await targetOf(port, '/?version=v10'), 'default');
    assert.equal(await targetOf(port, '/?anything=LIT*'), 'query');
    assert.equal(await targetOf(port, '/?anything=lit%2A'), 'query');
    assert.equal(await targetOf(port, '/?anything=literal'), 'default');
  });

  it('source-ip: CIDRs against the connection address (not X-Forwarded-For), ANDed with other conditions', async () => {
    assert.equal(await targetOf(port, '/src'), 'source');
    assert.equal(await targetOf(port, '/src', { headers: { 'x-forwarded-for': '10.1.2.3' } }), 'source');
    assert.equal(await targetOf(port, '/not-src'), 'default');
  });

  it('the same ALB answers on the gateway port by Host header = its DNS name', async () => {
    assert.equal(await targetOf(lab.server.port, '/src', { host: lb.dnsName }), 'source');
    assert.equal(await targetOf(lab.server.port, '/', { host: `${lb.dnsName.toUpperCase()}:${lab.server.port}` }), 'default');
    // Any other host is the AWS API as before.
    const api = await send(lab.server.port, '/_kecs/health');
    assert.equal(api.status, 200);
  });

  it('load balancers share a listener port by Host header; an unknown host is a 404', async () => {
    await waitFor(async () => (await send(shared, '/', { host: sharing[1].dnsName })).status === 200);
    assert.equal(await targetOf(shared, '/', { host: sharing[0].dnsName }), 'default');
    assert.equal(await targetOf(shared, '/', { host: `${sharing[1].dnsName}:${shared}` }), 'shared');
    const unknown = await send(shared, '/', { host: 'nobody.example.com' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /<title>404 Not Found<\/title>/);
  });

  it('reports every listener in GET /_kecs/dataplane', async () => {
    const status = JSON.parse((await send(lab.server.port, '/_kecs/dataplane')).body) as { listeners: Array<{ port: number; bound: boolean; dnsName: string }>; gatewayHosts: Array<{ dnsName: string }> };
    assert.ok(status.listeners.some((l) => l.port === port && l.bound && l.dnsName === lb.dnsName));
    assert.ok(status.gatewayHosts.some((h) => h.dnsName === lb.dnsName));
  });
});
