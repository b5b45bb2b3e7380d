import { existsSync } from 'node:fs';

// Whether to follow pods, decided without loading @kubernetes/client-node: that library takes
// seconds of CPU to import, which a gateway that never talks to a cluster should not pay.

/** KECS_KUBERNETES: whether the gateway watches pods. */
export type KubernetesMode = 'off' | 'on' | 'auto';

/** Where Kubernetes mounts a pod's service-account token (the same path client-node reads). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The decision, with the reason for the start-up log. */
export interface KubernetesDecision {
  enabled: boolean;
  reason: string;
}

/**
 * Whether to watch pods: `on` and `off` say so; `auto` is on only inside a cluster — the
 * `KUBERNETES_SERVICE_HOST` variable Kubernetes sets in every container and a mounted
 * service-account token — so a laptop with a kubeconfig for some cluster is not watched by surprise.
 */
export function decideKubernetes(mode: KubernetesMode, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): KubernetesDecision {
  if (mode === 'on') return { enabled: true, reason: 'KECS_KUBERNETES=on' };
  if (mode === 'off') return { enabled: false, reason: 'KECS_KUBERNETES=off' };
  if (env.KUBERNETES_SERVICE_HOST && exists(SERVICE_ACCOUNT_TOKEN)) return { enabled: true, reason: 'running in a cluster (KECS_KUBERNETES=auto)' };
  return { enabled: false, reason: 'not running in a cluster (KECS_KUBERNETES=auto)' };
}
