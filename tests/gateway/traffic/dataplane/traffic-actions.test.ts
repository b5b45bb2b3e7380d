import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bumpRoutingVersion } from '../../../../gateway/database/routing-version.js';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, targetOf, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const path = (value: string) => [{ Field: 'path-pattern', PathPatternConfig: { Values: [value] } }];

describe('listener actions through the embedded data plane', () => {
  let lab: Lab;
  let port: number;
  const targets: Record<string, Target> = {};
  const groups: Record<string, string> = {};

  async function setState(group: string, target: Target, state: string) {
    await lab.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('targets').set({ state }).where('target_group_arn', '=', groups[group]).where('port', '=', target.port).execute();
      await bumpRoutingVersion(trx);
    });
  }

  before(async () => {
    lab = await startLab();
    for (const name of ['rr1', 'rr2', 'rr3', 'lor1', 'lor2', 'w1', 'w2', 'f1', 'f2']) targets[name] = await startTarget(name);
    const lb = await lab.loadBalancer('actions');
    const members: Record<string, string[]> = { rr: ['rr1', 'rr2', 'rr3'], lor: ['lor1', 'lor2'], w1: ['w1'], w2: ['w2'], fail: ['f1', 'f2'] };
    const attributes: Record<string, Record<string, string>> = {
      lor: { 'load_balancing.algorithm.type': 'least_outstanding_requests' },
    };
    for (const [group, names] of Object.entries(members)) {
      groups[group] = await lab.targetGroup(`act-${group}`, lb.vpcId, { attributes: attributes[group] });
      await lab.register(groups[group], names.map((name) => targets[name]));
    }
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no route' } }]);
    await lab.rule(listener, 1, path('/rr'), forward(groups.rr));
    await lab.rule(listener, 2, path('/lor*'), forward(groups.lor));
    await lab.rule(listener, 4, path('/weighted'), [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups.w1, Weight: 80 }, { TargetGroupArn: groups.w2, Weight: 20 }] } }]);
    await lab.rule(listener, 6, path('/to-https'), [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    await lab.rule(listener, 7, path('/moved/*'), [{ Type: 'redirect', RedirectConfig: { Host: 'new.#{host}', Path: '/v2/#{path}', Query: 'from=#{port}&#{query}', StatusCode: 'HTTP_302' } }]);
    await lab.rule(listener, 8, path('/fixed'), [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'application/json', MessageBody: '{"maintenance":true}' } }]);
    await lab.rule(listener, 9, path('/fail-open'), forward(groups.fail));
    await waitFor(async () => (await send(port, '/fail-open')).status === 200);
  });

  after(async () => {
    await lab?.close();
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it('fixed-response: status, content type and body; the default action too', async () => {
    const fixed = await send(port, '/fixed');
    assert.equal(fixed.status, 503);
    assert.equal(fixed.headers['content-type'], 'application/json');
    assert.equal(fixed.body, '{"maintenance":true}');
    const fallback = await send(port, '/nothing-here');
    assert.deepEqual([fallback.status, fallback.headers['content-type'], fallback.body], [404, 'text/plain', 'no route']);
  });

  it('redirect: HTTP_301 to HTTPS with the port written out, the rest kept', async () => {
    const answer = await send(port, '/to-https?x=1', { host: 'shop.example.com' });
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.location, 'https://shop.example.com:443/to-https?x=1');
  });

  it('redirect: HTTP_302 with #{host}, #{path}, #{port}, #{query} substituted', async () => {
    const answer = await send(port, '/moved/a/b?q=1', { host: `shop.example.com:${port}` });
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, `http://new.shop.example.com:${port}/v2/moved/a/b?from=${port}&q=1`);
  });

  it('round_robin: sequential requests rotate evenly', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const name = await targetOf(port, '/rr');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries([...counts].sort()), { rr1: 10, rr2: 10, rr3: 10 });
  });

  it('least_outstanding_requests: while one target is busy, new requests go to the other', async () => {
    const slow = send(port, '/lor/slow?ms=1500');
    await waitFor(async () => targets.lor1.seen.concat(targets.lor2.seen).some((s) => s.url.startsWith('/lor/slow')));
    const busy = targets.lor1.seen.some((s) => s.url.startsWith('/lor/slow')) ? 'lor1' : 'lor2';
    const picks = new Set<string>();
    for (let i = 0; i < 6; i++) picks.add(await targetOf(port, '/lor'));
    assert.deepEqual([...picks], [busy === 'lor1' ? 'lor2' : 'lor1']);
    assert.equal((await slow).status, 200);
  });

  it('weighted forward: 80/20 within ±5 points over 1000 requests', async () => {
    let w1 = 0;
    const total = 1000;
    for (let batch = 0; batch < total / 50; batch++) {
      const names = await Promise.all(Array.from({ length: 50 }, () => targetOf(port, '/weighted')));
      w1 += names.filter((name) => name === 'w1').length;
    }
    const share = w1 / total;
    assert.ok(share > 0.75 && share < 0.85, `w1 got ${(share * 100).toFixed(1)}% of requests`);
  });

  it('fail-open: all unhealthy → all serve; one healthy → only it', async () => {
    await setState('fail', targets.f1, 'unhealthy');
    await setState('fail', targets.f2, 'unhealthy');
    const all = new Set<string>();
    for (let i = 0; i < 6; i++) all.add(await targetOf(port, '/fail-open'));
    assert.deepEqual([...all].sort(), ['f1', 'f2']);
    await setState('fail', targets.f1, 'healthy');
    const took = await waitFor(async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) seen.add(await targetOf(port, '/fail-open'));
      return seen.size === 1 && seen.has('f1');
    });
    assert.ok(took < 1000, `unhealthy target out of rotation after ${took.toFixed(0)} ms`);
  });
});
