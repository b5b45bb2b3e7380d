import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger } from '../../../../gateway/logger.js';
import type { PodSnapshot } from '../../../../gateway/traffic/kubernetes/pod-view.js';
import { startPodWatcher, type PodWatcher, type PodWatcherOptions } from '../../../../gateway/traffic/kubernetes/pod-watcher.js';
import { pod, startFakeKubeApi, type FakeKubeApi } from '../../../support/fake-kube-api.js';

const log = createLogger('silent');

function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'fake', token: 'fake-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
    currentContext: 'fake',
  });
  return kc;
}

async function until(what: string, condition: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition();) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `namespace/name` of the snapshot's pods, sorted, for comparisons. */
const names = (snapshot: PodSnapshot | undefined) => [...(snapshot?.pods.values() ?? [])].map((p) => `${p.namespace}/${p.name}`).sort();

describe('pod watcher against a fake API server', () => {
  let fake: FakeKubeApi;
  let watcher: PodWatcher | undefined;
  let snapshots: PodSnapshot[];
  const latest = () => snapshots.at(-1);
  const start = (options: Partial<PodWatcherOptions> = {}) => {
    watcher = startPodWatcher({
      kubeConfig: kubeConfigFor(fake.url),
      log,
      onChange: (snapshot) => { snapshots.push(snapshot); },
      coalesceMs: 20,
      backoff: { initialMs: 50, maxMs: 200 },
      minWatchIntervalMs: 10,
      ...options,
    });
    return watcher;
  };

  beforeEach(async () => {
    fake = await startFakeKubeApi();
    snapshots = [];
  });
  afterEach(async () => {
    await watcher?.stop();
    watcher = undefined;
    await fake.stop();
  });

  it('lists first: one synced snapshot with every pod, converted to PodViews', async () => {
    fake.addPod(pod({ name: 'web-1', namespace: 'shop-us-east-1', ip: '127.0.0.11', labels: { 'kecs.io/elbv2-target-group-name': 'web' }, ports: [{ name: 'http', containerPort: 8080 }] }));
    fake.addPod(pod({ name: 'web-2', namespace: 'shop-us-east-1', ip: '127.0.0.12', ready: false }));
    fake.addPod(pod({ name: 'pending', ip: undefined, ready: false }));
    fake.addPod(pod({ name: 'leaving', terminating: true }));
    start();
    await until('first snapshot', () => snapshots.length > 0);
    assert.equal(snapshots.length, 1, 'the initial list is reported once, not pod by pod');
    const snapshot = latest()!;
    assert.equal(snapshot.synced, true);
    assert.deepEqual(names(snapshot), ['default/leaving', 'default/pending', 'shop-us-east-1/web-1', 'shop-us-east-1/web-2']);
    const byName = new Map([...snapshot.pods.values()].map((p) => [p.name, p]));
    const web1 = byName.get('web-1')!;
    assert.deepEqual(web1, {
      uid: fake.pods().find((p) => p.metadata?.name === 'web-1')!.metadata!.uid,
      namespace: 'shop-us-east-1',
      name: 'web-1',
      labels: { 'kecs.io/elbv2-target-group-name': 'web' },
      annotations: {},
      ip: '127.0.0.11',
      ready: true,
      containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    });
    assert.equal(snapshot.pods.get(web1.uid), web1, 'keyed by uid');
    assert.equal(byName.get('web-2')!.ready, false);
    assert.equal(byName.get('pending')!.ip, undefined);
    assert.equal(byName.get('leaving')!.ready, false, 'a pod being deleted is not ready even with Ready=True');
    assert.equal(watcher!.status().state, 'synced');
    assert.equal(watcher!.status().pods, 4);
    await until('watching', () => fake.openWatches() === 1);
    assert.deepEqual(fake.counts, { lists: 1, watches: 1 });
  });

  it('follows ADDED, MODIFIED and DELETED events, coalescing bursts', async () => {
    fake.addPod(pod({ name: 'a' }));
    start({ coalesceMs: 150 });
    await until('synced', () => latest()?.synced === true);
    await until('watching', () => fake.openWatches() === 1);
    const before = snapshots.length;
    for (let i = 0; i < 20; i++) fake.addPod(pod({ name: `burst-${i}` }));
    fake.updatePod(pod({ name: 'a', ready: false }));
    await until('burst seen', () => latest()!.pods.size === 21 && [...latest()!.pods.values()].some((p) => p.name === 'a' && !p.ready));
    assert.ok(snapshots.length - before <= 3, `21 events in a burst gave ${snapshots.length - before} snapshots`);
    fake.deletePod('default', 'a');
    await until('deleted', () => !names(latest()).includes('default/a'));
    assert.equal(watcher!.status().pods, 20);
  });

  it('keeps the uid of a pod re-created under the same name apart', async () => {
    const first = fake.addPod(pod({ name: 'db-0' }));
    start();
    await until('synced', () => latest()?.synced === true);
    fake.deletePod('default', 'db-0');
    const second = fake.addPod(pod({ name: 'db-0', ip: '127.0.0.9' }));
    await until('re-created', () => latest()!.pods.has(second.metadata!.uid!));
    assert.equal(latest()!.pods.has(first.metadata!.uid!), false);
    assert.equal(latest()!.pods.size, 1);
  });

  it('a 410 on the open watch re-lists, and a pod added while expired appears', async () => {
    fake.addPod(pod({ name: 'a' }));
    start();
    await until('synced', () => latest()?.synced === true);
    await until('watching', () => fake.openWatches() === 1);
    fake.expire();
    fake.addPod(pod({ name: 'during' }));
    await until('re-listed', () => fake.counts.lists === 2);
    await until('pod added while expired', () => names(latest()).includes('default/during'));
    fake.addPod(pod({ name: 'after' }));
    await until('watching again', () => names(latest()).includes('default/after'));
    assert.deepEqual(names(latest()), ['default/a', 'default/after', 'default/during']);
  });

  it('a 410 when resuming after the API server was down re-lists: changes made meanwhile are all seen', async () => {
    fake.addPod(pod({ name: 'stays' }));
    fake.addPod(pod({ name: 'goes' }));
    start();
    await until('synced', () => latest()?.pods.size === 2);
    await fake.stop();
    await until('reconnecting', () => watcher!.status().state === 'reconnecting');
    fake.deletePod('default', 'goes');
    fake.addPod(pod({ name: 'new' }));
    fake.updatePod(pod({ name: 'stays', ready: false }));
    fake.expire();
    await fake.start();
    await until('converged', () => names(latest()).join() === 'default/new,default/stays' && [...latest()!.pods.values()].every((p) => p.name !== 'stays' || !p.ready));
    assert.equal(fake.counts.lists, 2, 'the watch from the old resourceVersion got 410, so the watcher re-listed');
    await until('synced again', () => watcher!.status().state === 'synced');
  });

  it('dropped watch connections reconnect from the last resourceVersion and catch up', async () => {
    fake.addPod(pod({ name: 'a' }));
    start();
    await until('synced', () => latest()?.synced === true);
    await until('watching', () => fake.openWatches() === 1);
    fake.dropWatches();
    fake.addPod(pod({ name: 'b' }));
    await until('caught up after a cut connection', () => names(latest()).includes('default/b'));
    await until('watching', () => fake.openWatches() === 1);
    fake.dropWatches({ graceful: true });
    fake.deletePod('default', 'a');
    await until('caught up after a graceful end', () => names(latest()).join() === 'default/b');
    assert.equal(fake.counts.lists, 1, 'history covered the gap: no re-list');
    assert.ok(fake.counts.watches >= 3);
  });

  it('the API server down for a while then back on the same port converges; status goes reconnecting → synced', async () => {
    fake.addPod(pod({ name: 'a' }));
    start({ backoff: { initialMs: 100, maxMs: 400 } });
    await until('synced', () => watcher!.status().state === 'synced');
    await fake.stop();
    await until('reconnecting', () => watcher!.status().state === 'reconnecting');
    const down = watcher!.status();
    assert.match(down.lastError ?? '', /ECONNREFUSED|Premature close|socket hang up|ECONNRESET/);
    assert.equal(down.pods, 1, 'the last snapshot stands while the API server is away');
    fake.addPod(pod({ name: 'b' }));
    fake.deletePod('default', 'a');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(watcher!.status().state, 'reconnecting');
    await fake.start();
    await until('synced again', () => watcher!.status().state === 'synced', 5000);
    await until('converged', () => names(latest()).join() === 'default/b');
    const up = watcher!.status();
    assert.equal(up.lastError, undefined);
    assert.ok(Date.parse(up.since) > Date.parse(down.since));
  });

  it('an API server down from the start: connecting, then reconnecting, then synced once it is up', async () => {
    await fake.stop();
    fake.addPod(pod({ name: 'a' }));
    start();
    assert.equal(watcher!.status().state, 'connecting');
    await until('reconnecting', () => watcher!.status().state === 'reconnecting');
    assert.equal(snapshots.length, 0, 'no snapshot before the first list');
    await fake.start();
    await until('synced', () => latest()?.synced === true);
    assert.deepEqual(names(latest()), ['default/a']);
  });

  it('slow lists, slow watch headers and events split across chunks break nothing', async () => {
    fake.delayMs = 300;
    fake.splitEventsMs = 30;
    fake.addPod(pod({ name: 'a' }));
    start();
    await until('synced', () => latest()?.synced === true);
    await until('watching', () => fake.openWatches() === 1);
    fake.addPod(pod({ name: 'b', labels: { app: 'x'.repeat(2000) } }));
    fake.bookmark();
    fake.updatePod(pod({ name: 'a', ready: false }));
    await until('events arrived', () => latest()!.pods.size === 2 && [...latest()!.pods.values()].some((p) => p.name === 'a' && !p.ready));
    fake.expire();
    fake.addPod(pod({ name: 'c' }));
    await until('re-listed slowly', () => names(latest()).includes('default/c'));
    assert.equal(watcher!.status().state, 'synced');
  });

  it('a watch whose headers never come is cut after the request timeout and retried', async () => {
    start({ requestTimeoutMs: 300 });
    await until('synced', () => latest()?.synced === true);
    await until('watching', () => fake.openWatches() === 1);
    fake.delayMs = 60_000;
    fake.dropWatches();
    await until('late headers reported', () => watcher!.status().state === 'reconnecting', 3000);
    fake.delayMs = 0;
    fake.addPod(pod({ name: 'late' }));
    await until('recovered', () => names(latest()).includes('default/late'));
  });

  it('a label selector is sent to the server', async () => {
    fake.addPod(pod({ name: 'redis', labels: { app: 'redis' } }));
    fake.addPod(pod({ name: 'web', labels: { app: 'web' } }));
    start({ labelSelector: 'app=redis' });
    await until('synced', () => latest()?.synced === true);
    assert.deepEqual(names(latest()), ['default/redis']);
    fake.updatePod(pod({ name: 'web', labels: { app: 'redis' } }));
    await until('entered the selection', () => names(latest()).length === 2);
  });

  it('a consumer that throws or is slow never breaks the watcher, and calls never overlap', async () => {
    let active = 0;
    let overlapped = false;
    let calls = 0;
    start({
      onChange: async (snapshot) => {
        calls++;
        overlapped ||= active > 0;
        active++;
        await new Promise((r) => setTimeout(r, 100));
        active--;
        snapshots.push(snapshot);
        if (calls === 1) throw new Error('consumer failure');
      },
    });
    await until('synced', () => latest()?.synced === true);
    for (let i = 0; i < 5; i++) {
      fake.addPod(pod({ name: `p${i}` }));
      await new Promise((r) => setTimeout(r, 30));
    }
    await until('all seen', () => latest()!.pods.size === 5);
    assert.equal(overlapped, false);
  });

  it('stop() mid-request cuts everything: no open watch, no further calls', async () => {
    fake.delayMs = 500;
    start();
    await new Promise((r) => setTimeout(r, 100));
    await watcher!.stop();
    fake.delayMs = 0;
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(fake.openWatches(), 0);
    assert.equal(snapshots.length, 0);

    snapshots = [];
    start();
    await until('watching', () => fake.openWatches() === 1);
    await watcher!.stop();
    await until('watch closed on the server', () => fake.openWatches() === 0, 1000);
    fake.addPod(pod({ name: 'after-stop' }));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(!names(latest()).includes('default/after-stop'));
    assert.equal(snapshots.length, 1);
  });
});
