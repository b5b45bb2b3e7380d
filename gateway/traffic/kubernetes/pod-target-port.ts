import type { PodView } from './pod-view.js';

/** The target group tag naming the port its pods are registered on: a number or a container port's name. */
export const POD_PORT_TAG = 'kecs.io/pod-port';
/** The pod annotation doing the same for every target group of the pod. */
export const TARGET_PORT_ANNOTATION = 'kecs.io/target-port';

/** What the port choice needs of a target group. */
export interface PortedGroup {
  protocol: string | null;
  port: number | null;
  tags: Readonly<Record<string, string>>;
}

/** A port, or why the pod cannot be registered in this group. */
export type PortChoice = { port: number } | { problem: string };

/**
 * The port a pod is registered on in a target group, first that applies:
 * 1. the group's `kecs.io/pod-port` tag, else the pod's `kecs.io/target-port` annotation (the
 *    tag wins: it is about this group, the annotation about every group of the pod) — a number,
 *    or the name of one of the pod's container ports;
 * 2. the group's port, when a container declares it;
 * 3. a container port named like the group's protocol in lower case (`http`, `tcp`…);
 * 4. the pod's only container port, when it declares exactly one — that is the port an ECS task
 *    is registered on (ECS registers the service's `containerPort`, and KECS turns the task's
 *    port mappings into container ports);
 * 5. the group's port.
 * An override that names no container port, or is no port number, is a problem rather than a
 * silent fall-through: the user asked for something that does not exist.
 */
export function choosePort(pod: PodView, group: PortedGroup): PortChoice {
  const override = group.tags[POD_PORT_TAG] ?? pod.annotations[TARGET_PORT_ANNOTATION];
  if (override !== undefined) return overridePort(pod, override.trim());
  const ports = pod.containerPorts;
  if (group.port !== null && ports.some((p) => p.containerPort === group.port)) return { port: group.port };
  const named = ports.find((p) => group.protocol !== null && p.name === group.protocol.toLowerCase());
  if (named) return { port: named.containerPort };
  if (ports.length === 1) return { port: ports[0].containerPort };
  return group.port !== null ? { port: group.port } : { problem: 'the target group has no port' };
}

function overridePort(pod: PodView, value: string): PortChoice {
  if (/^\d+$/.test(value)) {
    const port = Number(value);
    return port >= 1 && port <= 65535 ? { port } : { problem: `port ${value} is out of range` };
  }
  const named = pod.containerPorts.find((p) => p.name === value);
  return named ? { port: named.containerPort } : { problem: `no container port is named '${value}'` };
}
