import type { PodSnapshot, PodView } from '../../../../gateway/traffic/kubernetes/pod-view.js';

let next = 0;

/** A Ready pod with an IP in namespace `default-us-east-1`, no labels and no ports, unless told otherwise. */
export function pod(overrides: Partial<PodView> = {}): PodView {
  next++;
  return {
    uid: `uid-${next}`,
    namespace: 'default-us-east-1',
    name: `pod-${next}`,
    labels: {},
    annotations: {},
    ip: `10.42.0.${next % 250 + 1}`,
    ready: true,
    containerPorts: [],
    ...overrides,
  };
}

/** A snapshot of these pods, synced unless told otherwise. */
export function snapshot(pods: readonly PodView[], synced = true): PodSnapshot {
  return { pods: new Map(pods.map((p) => [p.uid, p])), synced };
}
