import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Balancers, GroupBalancer, type Endpoint } from '../../../../gateway/traffic/dataplane/balancer.js';
import { decodeSticky, readCookie } from '../../../../gateway/traffic/dataplane/cookies.js';
import { chooseForward, type ServedGroup } from '../../../../gateway/traffic/dataplane/forward.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const endpoint = (n: number): Endpoint => ({ key: `10.0.0.${n}:80`, host: `10.0.0.${n}`, port: 80 });

function group(arn: string, endpoints: Endpoint[], overrides: Partial<ServedGroup> = {}): ServedGroup {
  return {
    arn,
    algorithm: 'round_robin',
    stickiness: { enabled: false, type: 'lb_cookie', durationSeconds: 86400 },
    endpoints,
    byKey: new Map(endpoints.map((e) => [e.key, e])),
    ...overrides,
  };
}

/** The Cookie header a client would send back after these Set-Cookie lines. */
const cookieHeader = (setCookies: string[]) => setCookies.map((line) => line.split(';', 1)[0]).join('; ');

describe('balancing', () => {
  it('round robin rotates through the targets', () => {
    const balancer = new GroupBalancer();
    const targets = [endpoint(1), endpoint(2), endpoint(3)];
    const picks = Array.from({ length: 6 }, () => balancer.pick(targets, 'round_robin')!.host);
    assert.deepEqual(picks, ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('least outstanding requests picks the target with fewest in flight', () => {
    const balancer = new GroupBalancer();
    const targets = [endpoint(1), endpoint(2)];
    const first = balancer.pick(targets, 'least_outstanding_requests')!;
    const endFirst = balancer.begin(first);
    // While the first is busy every new request goes to the other, whatever the rotation says.
    for (let i = 0; i < 4; i++) {
      const next = balancer.pick(targets, 'least_outstanding_requests')!;
      assert.notEqual(next.key, first.key);
      balancer.begin(next)();
    }
    endFirst();
    assert.equal(new Set(Array.from({ length: 4 }, () => balancer.pick(targets, 'least_outstanding_requests')!.key)).size, 2);
  });

  it('answers undefined with no target', () => {
    assert.equal(new GroupBalancer().pick([], 'round_robin'), undefined);
  });
});

describe('forward', () => {
  const a = group('tg-a', [endpoint(1), endpoint(2)]);
  const b = group('tg-b', [endpoint(3)]);
  const groups = { 'tg-a': a, 'tg-b': b };

  it('splits by weight', () => {
    const balancers = new Balancers();
    const counts = { 'tg-a': 0, 'tg-b': 0 } as Record<string, number>;
    for (let i = 0; i < 1000; i++) {
      const choice = chooseForward({ groups: [{ arn: 'tg-a', weight: 3 }, { arn: 'tg-b', weight: 1 }] }, { cookieHeader: undefined, nowMs: NOW, groups, balancers, random: () => i / 1000 });
      counts[choice!.group.arn]++;
    }
    assert.deepEqual(counts, { 'tg-a': 750, 'tg-b': 250 });
  });

  it('never picks a weight-0 group, and answers undefined (503) when all weights are 0', () => {
    const balancers = new Balancers();
    for (let i = 0; i < 20; i++) {
      assert.equal(chooseForward({ groups: [{ arn: 'tg-a', weight: 0 }, { arn: 'tg-b', weight: 1 }] }, { cookieHeader: undefined, nowMs: NOW, groups, balancers, random: () => i / 20 })!.group.arn, 'tg-b');
    }
    assert.equal(chooseForward({ groups: [{ arn: 'tg-a', weight: 0 }, { arn: 'tg-b', weight: 0 }] }, { cookieHeader: undefined, nowMs: NOW, groups, balancers }), undefined);
  });

  it('keeps the target group named by AWSALBTG while it is in the action', () => {
    const balancers = new Balancers();
    const plan = { groups: [{ arn: 'tg-a', weight: 1 }, { arn: 'tg-b', weight: 1 }], groupStickinessSeconds: 60 };
    const first = chooseForward(plan, { cookieHeader: undefined, nowMs: NOW, groups, balancers, random: () => 0.9 })!;
    assert.equal(first.group.arn, 'tg-b');
    assert.match(first.setCookies[0], /^AWSALBTG=[^;]+; Expires=Thu, 01 Jan 2026 00:01:00 GMT; Path=\/$/);
    assert.match(first.setCookies[1], /^AWSALBTGCORS=.*SameSite=None; Secure$/);
    for (const random of [0, 0.3, 0.6]) {
      assert.equal(chooseForward(plan, { cookieHeader: cookieHeader(first.setCookies), nowMs: NOW + 1000, groups, balancers, random: () => random })!.group.arn, 'tg-b');
    }
    // Expired: weights decide again.
    assert.equal(chooseForward(plan, { cookieHeader: cookieHeader(first.setCookies), nowMs: NOW + 61_000, groups, balancers, random: () => 0 })!.group.arn, 'tg-a');
  });

  it('keeps the target named by AWSALB with lb_cookie stickiness, until it is no longer routable', () => {
    const balancers = new Balancers();
    const sticky = group('tg-s', [endpoint(1), endpoint(2), endpoint(3)], { stickiness: { enabled: true, type: 'lb_cookie', durationSeconds: 30 } });
    const plan = { groups: [{ arn: 'tg-s', weight: 1 }] };
    const first = chooseForward(plan, { cookieHeader: undefined, nowMs: NOW, groups: { 'tg-s': sticky }, balancers })!;
    assert.match(first.setCookies[0], /^AWSALB=/);
    for (let i = 0; i < 5; i++) {
      assert.equal(chooseForward(plan, { cookieHeader: cookieHeader(first.setCookies), nowMs: NOW, groups: { 'tg-s': sticky }, balancers })!.endpoint.key, first.endpoint.key);
    }
    const without = group('tg-s', sticky.endpoints.filter((e) => e.key !== first.endpoint.key), { stickiness: sticky.stickiness });
    const moved = chooseForward(plan, { cookieHeader: cookieHeader(first.setCookies), nowMs: NOW, groups: { 'tg-s': without }, balancers })!;
    assert.notEqual(moved.endpoint.key, first.endpoint.key);
    assert.equal(decodeSticky(readCookie(cookieHeader(moved.setCookies), 'AWSALB'), NOW), `tg-s ${moved.endpoint.key}`);
  });

  it('NLB source_ip stickiness maps one client address to one target', () => {
    const balancers = new Balancers();
    const nlb = group('tg-n', [endpoint(1), endpoint(2), endpoint(3)], { stickiness: { enabled: true, type: 'source_ip', durationSeconds: 0 } });
    const keys = new Set(Array.from({ length: 5 }, () => chooseForward({ groups: [{ arn: 'tg-n', weight: 1 }] }, { cookieHeader: undefined, sourceIp: '192.0.2.7', nowMs: NOW, groups: { 'tg-n': nlb }, balancers })!.endpoint.key));
    assert.equal(keys.size, 1);
  });

  it('answers undefined (503) for a group with no routable target', () => {
    assert.equal(chooseForward({ groups: [{ arn: 'tg-e', weight: 1 }] }, { cookieHeader: undefined, nowMs: NOW, groups: { 'tg-e': group('tg-e', []) }, balancers: new Balancers() }), undefined);
  });
});
