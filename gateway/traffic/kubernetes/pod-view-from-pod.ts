import type { V1Pod } from '@kubernetes/client-node';
import type { PodView } from './pod-view.js';

/**
 * The {@link PodView} of a pod as the API server sends it — typed by a list, plain JSON in watch
 * events, so only fields whose shape is the same in both are read. A pod with a
 * `deletionTimestamp` is not ready even while its Ready condition still says True: it is shutting
 * down, and new traffic should stop before its containers get SIGTERM.
 */
export function podViewOf(pod: V1Pod): PodView {
  const metadata = pod.metadata ?? {};
  const ready = metadata.deletionTimestamp == null
    && (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
  return {
    // Every pod from an API server has a uid; namespace/name only keeps a malformed one distinct.
    uid: metadata.uid ?? `${metadata.namespace}/${metadata.name}`,
    namespace: metadata.namespace ?? 'default',
    name: metadata.name ?? '',
    labels: { ...metadata.labels },
    annotations: { ...metadata.annotations },
    ip: pod.status?.podIP || undefined,
    ready,
    containerPorts: (pod.spec?.containers ?? []).flatMap((container) =>
      (container.ports ?? []).map((port) => ({
        ...(port.name ? { name: port.name } : {}),
        containerPort: port.containerPort,
        protocol: port.protocol ?? 'TCP',
      }))),
  };
}
