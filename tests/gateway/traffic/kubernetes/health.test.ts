import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { createInternalRoutes } from '../../../../gateway/api/internal-routes.js';
import { loadKubeConfig } from '../../../../gateway/traffic/kubernetes/kube-config.js';
import { disabledPodWatcherStatus } from '../../../../gateway/traffic/kubernetes/pod-watcher-status.js';
import { startPodWatcher, type PodWatcher } from '../../../../gateway/traffic/kubernetes/pod-watcher.js';
import { createLogger } from '../../../../gateway/logger.js';
import { startTestDatabase, type TestDatabase } from '../../../support/database.js';
import { pod, startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../../../support/fake-kube-api.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function until(what: string, condition: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition();) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `/_kecs/health` with the pod watcher's status folded in: the API server being down is reported, never a 503. */
describe('/_kecs/health and the pod watcher', () => {
  let database: TestDatabase;
  let fake: FakeKubeApi;
  let watcher: PodWatcher;
  let dir: string;

  before(async () => {
    [database, fake, dir] = await Promise.all([startTestDatabase(), startFakeKubeApi(), mkdtemp(join(tmpdir(), 'kecs-lb-kube-'))]);
    fake.addPod(pod({ name: 'a' }));
    // As the gateway would load it with KECS_KUBERNETES=on.
    process.env.KUBECONFIG = await writeKubeconfig(dir, fake.url);
    const kubeConfig = loadKubeConfig();
    delete process.env.KUBECONFIG;
    watcher = startPodWatcher({ kubeConfig, log: createLogger('silent'), onChange: () => undefined, backoff: { initialMs: 50, maxMs: 100 }, minWatchIntervalMs: 10 });
  });
  after(async () => {
    await watcher.stop();
    await Promise.all([database.close(), fake.stop(), rm(dir, { recursive: true, force: true })]);
  });

  const health = async (routes: ReturnType<typeof createInternalRoutes>) => {
    const response = (await routes(new HttpRequest({ method: 'GET', path: '/_kecs/health', hostname: 'localhost' })))!;
    return { statusCode: response.statusCode, body: JSON.parse(String(response.body)) };
  };

  it('says synced with the pod count, then reconnecting with the error while the API server is down — still 200', async () => {
    const routes = createInternalRoutes(database.db, database.config, { kubernetesStatus: watcher.status });
    await until('synced', () => watcher.status().state === 'synced');
    const up = await health(routes);
    assert.equal(up.statusCode, 200);
    assert.deepEqual({ ...up.body, kubernetes: { ...up.body.kubernetes, since: 'x' } }, { status: 'ok', database: 'ok', kubernetes: { state: 'synced', pods: 1, since: 'x' } });

    await fake.stop();
    await until('reconnecting', () => watcher.status().state === 'reconnecting');
    const down = await health(routes);
    assert.equal(down.statusCode, 200);
    assert.equal(down.body.status, 'ok');
    assert.equal(down.body.kubernetes.state, 'reconnecting');
    assert.match(down.body.kubernetes.lastError, /ECONNREFUSED|ECONNRESET|Premature close|socket hang up/);
    await fake.start();
    await until('synced again', () => watcher.status().state === 'synced');
  });

  it('shows disabled when the watcher is off, and nothing when no status is given', async () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const disabled = await health(createInternalRoutes(database.db, database.config, { kubernetesStatus: () => disabledPodWatcherStatus(since) }));
    assert.deepEqual(disabled.body, { status: 'ok', database: 'ok', kubernetes: { state: 'disabled', pods: 0, since: since.toISOString() } });
    assert.deepEqual((await health(createInternalRoutes(database.db, database.config))).body, { status: 'ok', database: 'ok' });
  });
});
