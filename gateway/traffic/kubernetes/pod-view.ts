/**
 * What kecs-lb needs to know of a pod, taken from the Kubernetes object by the watcher
 * (pod-watcher.ts) and used by the target reconciler (targets-from-pods.ts), so that the two
 * meet on plain data and each is tested on its own.
 */
export interface PodView {
  uid: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** `status.podIP`; undefined until the pod has one. */
  ip: string | undefined;
  /** The `Ready` condition is `True` and the pod is not being deleted. */
  ready: boolean;
  /** Every container's declared ports. */
  containerPorts: ReadonlyArray<{ name?: string; containerPort: number; protocol: string }>;
}

/** The pods as the watcher last saw them, by uid. `synced` is false until the first list completed. */
export interface PodSnapshot {
  pods: ReadonlyMap<string, PodView>;
  synced: boolean;
}
