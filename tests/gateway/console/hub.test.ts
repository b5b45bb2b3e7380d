import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createLogger } from '../../../gateway/logger.js';
import { ConsoleHub, type Subscriber } from '../../../gateway/console/hub.js';
import type { ConsoleState, Scope } from '../../../gateway/console/state.js';

const HOME: Scope = { account: '000000000000', region: 'us-east-1' };
const AWAY: Scope = { account: '111111111111', region: 'eu-west-1' };
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/shop/0123456789abcdef/0123456789abcdef';
const THROTTLE_MS = 40;

/** A hub whose state is a version number per scope the test sets; counts the reads. */
function hubWithFakeState() {
  const versions = new Map<string, number>();
  const reads: string[] = [];
  const hub = new ConsoleHub({
    throttleMs: THROTTLE_MS,
    requestBatchMs: THROTTLE_MS,
    log: createLogger('silent'),
    async load(scope) {
      const k = `${scope.account}/${scope.region}`;
      reads.push(k);
      return { ...scope, version: String(versions.get(k) ?? 0), scopes: [], loadBalancers: [], targetGroups: [] } satisfies ConsoleState;
    },
  });
  const bump = (scope: Scope) => versions.set(`${scope.account}/${scope.region}`, (versions.get(`${scope.account}/${scope.region}`) ?? 0) + 1);
  return { hub, reads, bump };
}

/** A page: what it was sent, parsed. */
function page(): Subscriber & { got: Array<{ event: string; data: any; at: number }> } {
  const got: Array<{ event: string; data: any; at: number }> = [];
  return { got, send: (event, json) => got.push({ event, data: JSON.parse(json), at: performance.now() }) };
}

describe('console event hub', () => {
  it('sends a new page the state at once, then one state per burst of changes, read once per scope', async () => {
    const { hub, reads, bump } = hubWithFakeState();
    const [a, b, c] = [page(), page(), page()];
    await hub.subscribe(HOME, a);
    await hub.subscribe(HOME, b);
    await hub.subscribe(AWAY, c);
    assert.deepEqual([a, b, c].map((p) => p.got.map((g) => [g.event, g.data.version])), [[['state', '0']], [['state', '0']], [['state', '0']]]);
    reads.length = 0;
    bump(HOME);
    for (let i = 0; i < 20; i++) hub.changed();
    await sleep(THROTTLE_MS * 3);
    assert.deepEqual(reads.sort(), ['000000000000/us-east-1', '111111111111/eu-west-1'], 'one read per watched scope for the whole burst');
    assert.deepEqual(a.got.map((g) => g.data.version), ['0', '1']);
    assert.deepEqual(b.got.map((g) => g.data.version), ['0', '1']);
    assert.deepEqual(c.got.map((g) => g.data.version), ['0', '0'], 'first push after subscribing: nothing pushed yet to compare with');
    hub.changed();
    await sleep(THROTTLE_MS * 3);
    assert.equal(a.got.length, 2, 'a state that did not change is not pushed again');
    assert.equal(c.got.length, 2);
    hub.close();
  });

  it('spaces pushes by the throttle, and pushes a change that arrives between two pushes', async () => {
    const { hub, bump } = hubWithFakeState();
    const a = page();
    await hub.subscribe(HOME, a);
    bump(HOME);
    hub.changed();
    await sleep(THROTTLE_MS / 4);
    bump(HOME);
    hub.changed();
    await sleep(THROTTLE_MS * 4);
    assert.deepEqual(a.got.map((g) => g.data.version), ['0', '1', '2']);
    const gap = a.got[2].at - a.got[1].at;
    assert.ok(gap >= THROTTLE_MS - 2, `pushes ${gap} ms apart`);
    hub.close();
  });

  it('reads nothing while no page is open, and stops sending to a page that left', async () => {
    const { hub, reads } = hubWithFakeState();
    hub.changed();
    await sleep(THROTTLE_MS * 2);
    assert.deepEqual(reads, []);
    const a = page();
    const leave = await hub.subscribe(HOME, a);
    assert.equal(hub.size, 1);
    leave();
    assert.equal(hub.size, 0);
    hub.changed();
    await sleep(THROTTLE_MS * 2);
    assert.equal(reads.length, 1, 'only the first state');
    hub.close();
  });

  it('forgets a page whose first state could not be read', async () => {
    const hub = new ConsoleHub({ throttleMs: THROTTLE_MS, log: createLogger('silent'), load: () => Promise.reject(new Error('database away')) });
    await assert.rejects(hub.subscribe(HOME, page()), /database away/);
    assert.equal(hub.size, 0);
    hub.close();
  });

  it('batches requests to the pages of the listener\'s account and region', async () => {
    const { hub } = hubWithFakeState();
    const [home, away] = [page(), page()];
    await hub.subscribe(HOME, home);
    await hub.subscribe(AWAY, away);
    const request = { at: '2026-12-03T07:00:00.000Z', method: 'GET', rule: 'default', target: '127.0.0.1:80', status: 200, ms: 1 };
    hub.request(LISTENER, { ...request, seq: 1, path: '/a' });
    hub.request(LISTENER, { ...request, seq: 2, path: '/b' });
    hub.request(LISTENER.replace('000000000000', '222222222222'), { ...request, seq: 3, path: '/c' });
    await sleep(THROTTLE_MS * 2);
    const batches = home.got.filter((g) => g.event === 'requests');
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0].data.map((r: { path: string; listener: string }) => [r.path, r.listener]), [['/a', LISTENER], ['/b', LISTENER]]);
    assert.deepEqual(away.got.filter((g) => g.event === 'requests'), []);
    hub.close();
  });
});
