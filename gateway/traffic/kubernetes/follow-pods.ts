import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../database/tables.js';
import type { Logger } from '../../logger.js';
import { decideKubernetes } from './kubernetes-mode.js';
import { startPodTargets } from './pod-targets.js';
import { disabledPodWatcherStatus, type PodWatcherStatus } from './pod-watcher-status.js';

/** Targets following pods, as the gateway holds them: their status for health, and a stop. */
export interface FollowPods {
  status(): PodWatcherStatus;
  stop(): Promise<void>;
}

/**
 * Starts the pod watcher and the reconciler that keeps targets equal to the pods (DESIGN §8) when
 * KECS_KUBERNETES says so (kube-config.ts: `auto` means only inside a cluster); otherwise a
 * status that says `disabled`. A kubeconfig that cannot be used throws StartupError.
 * @kubernetes/client-node is loaded only here, when pods are followed (kubernetes-mode.ts says why).
 */
export async function followPods(db: Kysely<Database>, config: Config, log: Logger): Promise<FollowPods> {
  const decision = decideKubernetes(config.kubernetes);
  if (!decision.enabled) {
    const since = new Date();
    return { status: () => disabledPodWatcherStatus(since), stop: async () => undefined };
  }
  const [{ loadKubeConfig }, { startPodWatcher }] = await Promise.all([import('./kube-config.js'), import('./pod-watcher.js')]);
  const kubeConfig = loadKubeConfig();
  const targets = startPodTargets(db, { accountId: config.accountId, defaultRegion: config.defaultRegion, log, now: () => new Date(), tickMs: config.tickMs });
  const watcher = startPodWatcher({ kubeConfig, log, onChange: (snapshot) => targets.update(snapshot) });
  log.info({ reason: decision.reason, cluster: kubeConfig.getCurrentCluster()?.server }, 'following pods: targets follow the Kubernetes API');
  return {
    status: watcher.status,
    async stop() {
      await watcher.stop();
      await targets.stop();
    },
  };
}
