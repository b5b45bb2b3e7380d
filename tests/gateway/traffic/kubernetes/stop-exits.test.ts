import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { pod, startFakeKubeApi, writeKubeconfig } from '../../../support/fake-kube-api.js';
import { nodeArguments } from '../../../support/run-mode.js';

const CHILD = nodeArguments(new URL('./watcher-child.js', import.meta.url));

it('stop() leaves nothing open: a process that started and stopped a watcher exits by itself, its watch closed', async () => {
  const [fake, dir] = await Promise.all([startFakeKubeApi(), mkdtemp(join(tmpdir(), 'kecs-lb-kube-'))]);
  try {
    fake.addPod(pod({ name: 'a' }));
    const kubeconfig = await writeKubeconfig(dir, fake.url);
    const child = spawn(process.execPath, CHILD, { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c; });
    child.stderr.on('data', (c: Buffer) => { output += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code] = await once(child, 'exit');
    clearTimeout(timer);
    assert.equal(code, 0, `the child did not exit by itself:\n${output}`);
    assert.match(output, /snapshot 1\nstate synced\nstopped\n/);
    assert.equal(fake.openWatches(), 0);
  } finally {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
