import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../../gateway/config.js';
import { loadKubeConfig } from '../../../../gateway/traffic/kubernetes/kube-config.js';
import { decideKubernetes } from '../../../../gateway/traffic/kubernetes/kubernetes-mode.js';
import { StartupError } from '../../../../gateway/startup-errors.js';
import { writeKubeconfig } from '../../../support/fake-kube-api.js';

const TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

describe('KECS_KUBERNETES', () => {
  it('is auto by default and refuses other words', () => {
    assert.equal(loadConfig({}).kubernetes, 'auto');
    assert.equal(loadConfig({ KECS_KUBERNETES: 'on' }).kubernetes, 'on');
    assert.throws(() => loadConfig({ KECS_KUBERNETES: 'yes' }), ConfigError);
  });

  it('auto is on only in a cluster: the service host variable and a mounted token', () => {
    const inCluster = { KUBERNETES_SERVICE_HOST: '10.43.0.1' };
    assert.equal(decideKubernetes('auto', inCluster, (path) => path === TOKEN).enabled, true);
    assert.equal(decideKubernetes('auto', inCluster, () => false).enabled, false);
    assert.equal(decideKubernetes('auto', {}, () => true).enabled, false, 'a token without the variable is not a cluster');
    assert.equal(decideKubernetes('on', {}, () => false).enabled, true);
    assert.equal(decideKubernetes('off', inCluster, () => true).enabled, false);
  });
});

describe('loading the Kubernetes configuration', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'kecs-lb-kubeconfig-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads KUBECONFIG', async () => {
    const file = await writeKubeconfig(dir, 'http://127.0.0.1:6443');
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const kubeConfig = loadKubeConfig();
      assert.equal(kubeConfig.getCurrentCluster()?.server, 'http://127.0.0.1:6443');
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });

  it('says what to do when there is none, or it cannot be used', async () => {
    const plain = join(dir, 'plain-http');
    await writeFile(plain, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:8080\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user: {}\ncurrent-context: x\n');
    const previous = process.env.KUBECONFIG;
    try {
      delete process.env.KUBECONFIG;
      assert.throws(() => loadKubeConfig(() => false), (error: Error) => error instanceof StartupError && /set KUBECONFIG/.test(error.message));
      process.env.KUBECONFIG = plain;
      assert.throws(() => loadKubeConfig(), (error: Error) => error instanceof StartupError && /insecure-skip-tls-verify/.test(error.message));
      process.env.KUBECONFIG = join(dir, 'missing');
      assert.throws(() => loadKubeConfig(), (error: Error) => error instanceof StartupError && /cannot be read/.test(error.message));
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });
});
