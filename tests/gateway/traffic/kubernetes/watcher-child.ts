// Run as a child process by stop-exits.test.ts: watch the pods of KUBECONFIG's API server until
// synced, stop, and then return without process.exit — the process must end on its own.
import { loadKubeConfig } from '../../../../gateway/traffic/kubernetes/kube-config.js';
import { startPodWatcher } from '../../../../gateway/traffic/kubernetes/pod-watcher.js';
import { createLogger } from '../../../../gateway/logger.js';

const watcher = startPodWatcher({
  kubeConfig: loadKubeConfig(),
  log: createLogger('silent'),
  onChange: (snapshot) => { console.log(`snapshot ${snapshot.pods.size}`); },
});
const deadline = Date.now() + 5000;
while (watcher.status().state !== 'synced' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
console.log(`state ${watcher.status().state}`);
await watcher.stop();
console.log('stopped');
