import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { StartupError } from '../../startup-errors.js';
import { SERVICE_ACCOUNT_TOKEN } from './kubernetes-mode.js';

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
