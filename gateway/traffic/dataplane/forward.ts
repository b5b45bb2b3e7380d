import type { Balancers, Endpoint } from './balancer.js';
import { APP_COOKIE, GROUP_COOKIE, readSticky, setStickyCookie, TARGET_COOKIE } from './cookies.js';
import type { RoutedTargetGroup } from '../route-table/route-table.js';

/** A target group as the data plane serves it: its routable targets resolved to endpoints. */
export interface ServedGroup {
  arn: string;
  algorithm: RoutedTargetGroup['algorithm'];
  stickiness: RoutedTargetGroup['stickiness'];
  endpoints: Endpoint[];
  byKey: Map<string, Endpoint>;
}

/** A forward action, single or weighted (API_ForwardActionConfig). */
export interface ForwardPlan {
  groups: Array<{ arn: string; weight: number }>;
  /** `TargetGroupStickinessConfig.DurationSeconds` when enabled. */
  groupStickinessSeconds?: number;
}

export interface ForwardChoice {
  group: ServedGroup;
  endpoint: Endpoint;
  setCookies: string[];
  /** app_cookie stickiness: set `AWSALBAPP-0` if the target's response sets this cookie. */
  appCookie?: { name: string; durationSeconds: number; subject: string };
}

export interface ForwardInput {
  cookieHeader: string | undefined;
  /** The client address, for NLB `source_ip` stickiness. */
  sourceIp?: string;
  nowMs: number;
  groups: Record<string, ServedGroup>;
  balancers: Balancers;
  random?: () => number;
}

/** FNV-1a: a cheap, stable hash of a client address. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function weightedGroup(plan: ForwardPlan, random: () => number): string | undefined {
  const total = plan.groups.reduce((sum, g) => sum + g.weight, 0);
  // All weights 0: nothing may receive traffic; ALB answers 503.
  if (total <= 0) return undefined;
  let point = random() * total;
  let chosen: string | undefined;
  for (const group of plan.groups) {
    if (group.weight <= 0) continue;
    chosen = group.arn;
    point -= group.weight;
    if (point < 0) break;
  }
  return chosen;
}

/**
 * Picks the target group (weights, kept by `AWSALBTG` when target-group stickiness is on) and
 * the target (the group's algorithm, kept by `AWSALB` for lb_cookie stickiness or `AWSALBAPP-0`
 * for app_cookie). A sticky choice that is no longer routable is replaced, and the cookie with
 * it. Undefined means no target: 503.
 */
export function chooseForward(plan: ForwardPlan, input: ForwardInput): ForwardChoice | undefined {
  const random = input.random ?? Math.random;
  const setCookies: string[] = [];
  let arn = plan.groups.length === 1 ? plan.groups[0].arn : undefined;
  if (arn === undefined && plan.groupStickinessSeconds !== undefined) {
    const sticky = readSticky(input.cookieHeader, GROUP_COOKIE, input.nowMs);
    if (plan.groups.some((g) => g.arn === sticky && g.weight > 0)) arn = sticky;
  }
  arn ??= weightedGroup(plan, random);
  const group = arn === undefined ? undefined : input.groups[arn];
  if (!group) return undefined;
  if (plan.groupStickinessSeconds !== undefined) {
    setCookies.push(...setStickyCookie(GROUP_COOKIE, group.arn, input.nowMs, plan.groupStickinessSeconds));
  }

  const { enabled, type, durationSeconds, cookieName } = group.stickiness;
  const cookie = !enabled ? undefined : type === 'lb_cookie' ? TARGET_COOKIE : type === 'app_cookie' && cookieName ? APP_COOKIE : undefined;
  let endpoint: Endpoint | undefined;
  if (cookie) {
    const subject = readSticky(input.cookieHeader, cookie, input.nowMs);
    const space = subject?.indexOf(' ') ?? -1;
    if (subject && space > 0 && subject.slice(0, space) === group.arn) endpoint = group.byKey.get(subject.slice(space + 1));
  }
  if (enabled && type === 'source_ip' && input.sourceIp && group.endpoints.length > 0) {
    // NLB source-IP affinity: one client address always lands on the same target while the set is unchanged.
    endpoint = group.endpoints[hashOf(input.sourceIp) % group.endpoints.length];
  }
  endpoint ??= input.balancers.get(group.arn).pick(group.endpoints, group.algorithm, random);
  if (!endpoint) return undefined;
  const subject = `${group.arn} ${endpoint.key}`;
  if (cookie === TARGET_COOKIE) setCookies.push(...setStickyCookie(TARGET_COOKIE, subject, input.nowMs, durationSeconds));
  const appCookie = cookie === APP_COOKIE ? { name: cookieName!, durationSeconds, subject } : undefined;
  return { group, endpoint, setCookies, appCookie };
}
