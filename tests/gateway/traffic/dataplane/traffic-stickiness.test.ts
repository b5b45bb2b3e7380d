import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, targetOf, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const path = (value: string) => [{ Field: 'path-pattern', PathPatternConfig: { Values: [value] } }];
/** The Cookie header a client sends back after these Set-Cookie lines. */
const cookiesFrom = (setCookie: string[] | undefined) => (setCookie ?? []).map((line) => line.split(';', 1)[0]).join('; ');

describe('stickiness through the embedded data plane', () => {
  let lab: Lab;
  let port: number;
  const targets: Record<string, Target> = {};

  before(async () => {
    lab = await startLab();
    for (const name of ['s1', 's2', 's3', 'g1', 'g2', 'app1', 'app2']) targets[name] = await startTarget(name);
    const lb = await lab.loadBalancer('sticky');
    const members: Record<string, string[]> = { sticky: ['s1', 's2', 's3'], g1: ['g1'], g2: ['g2'], app: ['app1', 'app2'] };
    const attributes: Record<string, Record<string, string>> = {
      sticky: { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '60' },
      // The targets set a cookie named `app` on every response.
      app: { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'app', 'stickiness.app_cookie.duration_seconds': '120' },
    };
    const groups: Record<string, string> = {};
    for (const [group, names] of Object.entries(members)) {
      groups[group] = await lab.targetGroup(`sticky-${group}`, lb.vpcId, { attributes: attributes[group] });
      await lab.register(groups[group], names.map((name) => targets[name]));
    }
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, forward(groups.sticky));
    await lab.rule(listener, 1, path('/group-sticky'), [{
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: groups.g1, Weight: 50 }, { TargetGroupArn: groups.g2, Weight: 50 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 } },
    }]);
    await lab.rule(listener, 2, path('/app-sticky'), forward(groups.app));
    // Rule 2 in force (the default action also answers 200), and rule 1, created before it.
    await waitFor(async () => (await targetOf(port, '/app-sticky')).startsWith('app'));
  });

  after(async () => {
    await lab?.close();
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it('target-group stickiness: AWSALBTG keeps a client on one target group', async () => {
    const first = await send(port, '/group-sticky');
    const chosen = (JSON.parse(first.body) as { target: string }).target;
    const setCookie = first.headers['set-cookie'] ?? [];
    assert.ok(setCookie.some((line) => /^AWSALBTG=[^;]+; Expires=[^;]+; Path=\/$/.test(line)), String(setCookie));
    assert.ok(setCookie.some((line) => /^AWSALBTGCORS=.*; SameSite=None; Secure$/.test(line)));
    const cookie = cookiesFrom(setCookie);
    for (let i = 0; i < 20; i++) assert.equal(await targetOf(port, '/group-sticky', { headers: { cookie } }), chosen);
    const free = new Set(await Promise.all(Array.from({ length: 40 }, () => targetOf(port, '/group-sticky'))));
    assert.equal(free.size, 2, 'without the cookie both groups serve');
  });

  it('target stickiness (lb_cookie): AWSALB keeps a client on one target for the duration', async () => {
    const first = await send(port, '/sticky');
    const chosen = (JSON.parse(first.body) as { target: string }).target;
    const line = (first.headers['set-cookie'] ?? []).find((l) => l.startsWith('AWSALB='));
    assert.ok(line, 'AWSALB is set');
    // The application's own cookie passes through beside it.
    assert.ok(first.headers['set-cookie']!.includes('app=1; Path=/'));
    const expires = Date.parse(/Expires=([^;]+)/.exec(line)![1]);
    assert.ok(Math.abs(expires - (Date.now() + 60_000)) < 5_000, 'expires after stickiness.lb_cookie.duration_seconds');
    const cookie = cookiesFrom(first.headers['set-cookie']);
    for (let i = 0; i < 10; i++) assert.equal(await targetOf(port, '/sticky', { headers: { cookie } }), chosen);
    const free = new Set<string>();
    for (let i = 0; i < 6; i++) free.add(await targetOf(port, '/sticky'));
    assert.equal(free.size, 3, 'without the cookie the rotation goes on');
  });

  it('application-cookie stickiness: AWSALBAPP-0 follows the application\'s cookie', async () => {
    const first = await send(port, '/app-sticky');
    const chosen = (JSON.parse(first.body) as { target: string }).target;
    assert.ok(first.headers['set-cookie']!.some((line) => /^AWSALBAPP-0=[^;]+; Expires=[^;]+; Path=\/$/.test(line)), String(first.headers['set-cookie']));
    const cookie = cookiesFrom(first.headers['set-cookie']);
    for (let i = 0; i < 6; i++) assert.equal(await targetOf(port, '/app-sticky', { headers: { cookie } }), chosen);
  });
});
