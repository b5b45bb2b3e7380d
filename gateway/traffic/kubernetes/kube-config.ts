import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { StartupError } from '../../startup-errors.js';

/** KECS_KUBERNETES: whether the gateway watches pods. */
export type KubernetesMode = 'off' | 'on' | 'auto';

/** Where Kubernetes mounts a pod's service-account token (the same path client-node reads). */
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

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

/**
 * Loads the configuration client-node's default loader finds: the files in `KUBECONFIG`, else
 * `~/.kube/config`, else the in-cluster service account. Throws a {@link StartupError} when none
 * is there — client-node would otherwise quietly fall back to `http://localhost:8080` — or when
 * the one found cannot be used. Reads `process.env`, as client-node's loader does.
 */
export function loadKubeConfig(exists: (path: string) => boolean = existsSync): KubeConfig {
  const env = process.env;
  const found = Boolean(env.KUBECONFIG) || exists(join(homedir(), '.kube', 'config')) || (Boolean(env.KUBERNETES_SERVICE_HOST) && exists(SERVICE_ACCOUNT_TOKEN));
  if (!found) {
    throw new StartupError('KECS_KUBERNETES=on but no Kubernetes configuration was found — set KUBECONFIG, or run in a cluster with a service account');
  }
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromDefault();
  } catch (error) {
    throw new StartupError(`the Kubernetes configuration cannot be read (${(error as Error).message.split('\n')[0]}) — check KUBECONFIG`);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new StartupError(`the Kubernetes configuration has no current cluster (context '${kubeConfig.getCurrentContext()}') — check KUBECONFIG's current-context`);
  }
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    // client-node refuses plain HTTP unless told so; better said now than at every retry.
    throw new StartupError(`the Kubernetes cluster '${cluster.name}' is plain HTTP (${cluster.server}) without insecure-skip-tls-verify — client-node refuses it; use https or set insecure-skip-tls-verify: true in KUBECONFIG`);
  }
  return kubeConfig;
}
