import { isIP } from 'node:net';
import type { TargetGroupRow } from '../../database/tables.js';
import { podScope, type PodScope } from './pod-scope.js';
import { matchesSelector, parsePodSelector } from './pod-selector.js';
import { choosePort } from './pod-target-port.js';
import type { PodSnapshot, PodView } from './pod-view.js';

/** KECS's label on the pods of an ECS service with `loadBalancers`: its first target group's name. */
export const GROUP_NAME_LABEL = 'kecs.io/elbv2-target-group-name';
/** KECS's label naming every target group of such a service, comma-separated. */
export const GROUP_NAMES_LABEL = 'kecs.io/elbv2-target-group-names';
/** The target group tag holding a pod selector (see parsePodSelector). */
export const POD_SELECTOR_TAG = 'kecs.io/pod-selector';
/** The target group tag limiting its selector to one namespace. */
export const POD_NAMESPACE_TAG = 'kecs.io/pod-namespace';

/** What the mapping needs of a target group: its row's identity and shape, and its tags. */
export type PodTargetGroup = Pick<TargetGroupRow, 'arn' | 'name' | 'account_id' | 'region' | 'target_type' | 'protocol' | 'port' | 'ip_address_type'> & {
  tags: Readonly<Record<string, string>>;
};

/** A target a pod should be: its IP and port, and the pod (`namespace/name`) for the log. */
export interface PodTarget {
  id: string;
  port: number;
  pod: string;
}

/** Why pods (or a whole target group) were left out, once per group and problem. */
export interface PodTargetNote {
  targetGroup: string;
  problem: string;
  pods: string[];
}

/** The desired targets of every target group given (an empty list: none), and what was left out. */
export interface PodTargetPlan {
  desired: Map<string, PodTarget[]>;
  notes: PodTargetNote[];
}

/** The target group names a pod's KECS labels give (names, not ARNs). */
export function labelledGroupNames(pod: PodView): string[] {
  const names = [pod.labels[GROUP_NAME_LABEL] ?? '', ...(pod.labels[GROUP_NAMES_LABEL] ?? '').split(',')];
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
}

/**
 * The targets each target group should have, given the pods: a pod belongs to a group when its
 * KECS labels name the group (in the account and Region podScope gives) or when the group's
 * `kecs.io/pod-selector` tag matches its labels (in the `kecs.io/pod-namespace` tag's namespace,
 * if any). Of those, pods that are Ready and have an IP of the group's address family become
 * targets on the port choosePort gives. Only `ip` target groups take pods: a pod is an address,
 * not an EC2 instance or a Lambda function. The result is sorted, so replicas given the same
 * snapshot compute the same list whatever order their watchers saw the pods in.
 */
export function targetsFromPods(snapshot: PodSnapshot, groups: readonly PodTargetGroup[], defaults: { accountId: string; defaultRegion: string }): PodTargetPlan {
  const scope: PodScope = { accountId: defaults.accountId, region: defaults.defaultRegion };
  // A plain code-unit order: the same on every replica, whatever its locale.
  const pods = [...snapshot.pods.values()].sort((a, b) => (podName(a) < podName(b) ? -1 : podName(a) > podName(b) ? 1 : 0));
  const notes = new Map<string, PodTargetNote>();
  const note = (group: PodTargetGroup, problem: string, pod?: PodView) => {
    const key = `${group.arn}\n${problem}`;
    if (!notes.has(key)) notes.set(key, { targetGroup: group.arn, problem, pods: [] });
    if (pod) notes.get(key)!.pods.push(podName(pod));
  };
  const desired = new Map<string, PodTarget[]>();
  for (const group of groups) desired.set(group.arn, targetsOf(group, membersOf(group, pods, scope, note), note));
  return { desired, notes: [...notes.values()] };
}

type Note = (group: PodTargetGroup, problem: string, pod?: PodView) => void;

function podName(pod: PodView): string {
  return `${pod.namespace}/${pod.name}`;
}

/** The pods that belong to the group, by label or by selector, ready or not. */
function membersOf(group: PodTargetGroup, pods: readonly PodView[], scope: PodScope, note: Note): PodView[] {
  const text = group.tags[POD_SELECTOR_TAG];
  const selector = text === undefined ? undefined : parsePodSelector(text);
  if (text !== undefined && !selector) note(group, `the ${POD_SELECTOR_TAG} tag '${text}' is not a list of key=value requirements; it selects no pod`);
  const namespace = group.tags[POD_NAMESPACE_TAG];
  const selected = (pod: PodView) => selector !== undefined && (namespace === undefined || pod.namespace === namespace) && matchesSelector(selector, pod.labels);
  const labelled = (pod: PodView) => {
    if (!labelledGroupNames(pod).includes(group.name)) return false;
    const where = podScope(pod, scope);
    return where.accountId === group.account_id && where.region === group.region;
  };
  return pods.filter((pod) => labelled(pod) || selected(pod));
}

/** The members' targets: Ready pods with an IP of the group's family, each on its chosen port. */
function targetsOf(group: PodTargetGroup, members: readonly PodView[], note: Note): PodTarget[] {
  if (group.target_type !== 'ip') {
    if (members.length > 0 || group.tags[POD_SELECTOR_TAG] !== undefined) note(group, `only ip target groups take pods; this one is of type ${group.target_type}`);
    return [];
  }
  const family = group.ip_address_type === 'ipv6' ? 6 : 4;
  const targets = new Map<string, PodTarget>();
  for (const pod of members) {
    if (!pod.ready || !pod.ip) continue;
    if (isIP(pod.ip) !== family) {
      note(group, `the pod's IP is not an IPv${family} address, as the target group's IpAddressType needs`, pod);
      continue;
    }
    const choice = choosePort(pod, group);
    if ('problem' in choice) {
      note(group, choice.problem, pod);
      continue;
    }
    // Two pods on one address and port (host networking) are one target.
    const key = `${pod.ip}:${choice.port}`;
    if (!targets.has(key)) targets.set(key, { id: pod.ip, port: choice.port, pod: podName(pod) });
  }
  return [...targets.values()];
}
