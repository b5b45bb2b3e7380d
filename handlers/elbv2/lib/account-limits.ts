import type { Limit } from '@aws-sdk/client-elastic-load-balancing-v2';
import { MAX_TARGET_GROUPS_PER_ALB } from './action-target-groups.js';
import { MAX_CONDITION_VALUES, MAX_CONDITION_WILDCARDS } from './conditions.js';
import { MAX_LISTENERS_PER_LOAD_BALANCER } from './listeners.js';
import { MAX_LOAD_BALANCERS } from './load-balancers.js';
import { MAX_RULES_PER_LOAD_BALANCER } from './rules.js';
import { MAX_TARGET_GROUPS } from './target-groups.js';

/**
 * The quotas DescribeAccountLimits reports: AWS's limit names (API reference, Limit) with the
 * default values of the quota pages ("Quotas for your Application / Network / Gateway Load
 * Balancers"), in the API reference's order. Quotas kecs-lb enforces come from the constant the
 * check uses, so the two cannot drift. kecs-lb's load balancer quota counts ALBs and NLBs
 * together; AWS's default is 50 for each.
 */
const DEFAULTS: ReadonlyArray<[string, number]> = [
  ['application-load-balancers', MAX_LOAD_BALANCERS],
  ['condition-values-per-alb-rule', MAX_CONDITION_VALUES],
  ['condition-wildcards-per-alb-rule', MAX_CONDITION_WILDCARDS],
  ['gateway-load-balancers', 100],
  ['gateway-load-balancers-per-vpc', 100],
  ['geneve-target-groups', 100],
  ['listeners-per-application-load-balancer', MAX_LISTENERS_PER_LOAD_BALANCER],
  ['listeners-per-network-load-balancer', MAX_LISTENERS_PER_LOAD_BALANCER],
  ['network-load-balancers', MAX_LOAD_BALANCERS],
  ['rules-per-application-load-balancer', MAX_RULES_PER_LOAD_BALANCER],
  ['target-groups', MAX_TARGET_GROUPS],
  ['target-groups-per-action-on-application-load-balancer', 5],
  // A Network Load Balancer listener forwards to exactly one target group.
  ['target-groups-per-action-on-network-load-balancer', 1],
  ['target-groups-per-application-load-balancer', MAX_TARGET_GROUPS_PER_ALB],
  ['targets-per-application-load-balancer', 1000],
  ['targets-per-availability-zone-per-gateway-load-balancer', 300],
  ['targets-per-availability-zone-per-network-load-balancer', 500],
  ['targets-per-network-load-balancer', 3000],
];

/** `Max` is a string in the API. */
export const ACCOUNT_LIMITS: readonly Limit[] = DEFAULTS.map(([Name, max]) => ({ Name, Max: String(max) }));
