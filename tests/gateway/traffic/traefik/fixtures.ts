import type { Action, RuleCondition, RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../gateway/database/tables.js';
import type { RoutingState } from '../../../../gateway/traffic/route-table/compile.js';

// Rows of the routing state built by hand, with AWS-shaped ARNs and fixed IDs so golden output
// stays readable; `insertState` writes the same rows to a test database.

type Lb = RoutingState['loadBalancers'][number];
type Listener = RoutingState['listeners'][number];
type Rule = RoutingState['rules'][number];
type TargetGroup = RoutingState['targetGroups'][number];
type Target = RoutingState['targets'][number];

const PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:000000000000';

export function loadBalancer(name: string, id: string, options: { type?: 'application' | 'network'; createdAt?: string; attributes?: Record<string, string> } = {}): Lb {
  const type = options.type ?? 'application';
  return {
    arn: `${PREFIX}:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${id}`,
    name,
    type,
    dns_name: `${name}-${id}.us-east-1.elb.localhost`,
    attributes: options.attributes ?? {},
    created_at: new Date(options.createdAt ?? '2026-01-01T00:00:00Z'),
  };
}

export function listener(lb: Lb, id: string, port: number, protocol = 'HTTP'): Listener {
  return { arn: `${lb.arn.replace(':loadbalancer/', ':listener/')}/${id}`, load_balancer_arn: lb.arn, port, protocol };
}

export function rule(on: Listener, id: string, priority: number | 'default', conditions: RuleCondition[], actions: Action[], transforms: RuleTransform[] | null = null): Rule {
  return {
    arn: `${on.arn.replace(':listener/', ':listener-rule/')}/${id}`,
    listener_arn: on.arn,
    priority: priority === 'default' ? null : priority,
    is_default: priority === 'default',
    conditions,
    actions,
    transforms,
  };
}

export function targetGroup(name: string, id: string, options: { protocol?: string; attributes?: Record<string, string> } = {}): TargetGroup {
  return { arn: `${PREFIX}:targetgroup/${name}/${id}`, name, protocol: options.protocol ?? 'HTTP', attributes: options.attributes ?? {} };
}

export function target(group: TargetGroup, id: string, port: number, state: string): Target {
  return { target_group_arn: group.arn, id, port, state };
}

export function forward(group: TargetGroup): Action {
  return { Type: 'forward', TargetGroupArn: group.arn };
}

export function routingState(parts: Partial<Omit<RoutingState, 'version'>>, version = '7'): RoutingState {
  return { version, loadBalancers: [], listeners: [], rules: [], targetGroups: [], targets: [], ...parts };
}

/** Writes the rows of `state` (other columns get valid placeholder values). */
export async function insertState(db: Kysely<Database>, state: RoutingState): Promise<void> {
  const now = new Date('2026-01-01T00:00:00Z');
  for (const lb of state.loadBalancers) {
    await db.insertInto('load_balancers').values({
      ...lb, account_id: '000000000000', region: 'us-east-1', scheme: 'internet-facing', ip_address_type: 'ipv4',
      vpc_id: 'vpc-1', state: 'active', subnets: [], security_groups: [], attributes: JSON.stringify(lb.attributes),
    }).execute();
  }
  for (const group of state.targetGroups) {
    await db.insertInto('target_groups').values({
      ...group, account_id: '000000000000', region: 'us-east-1', target_type: 'ip', protocol_version: null, port: 80,
      vpc_id: 'vpc-1', ip_address_type: 'ipv4', health_check_enabled: true, health_check_protocol: 'HTTP', health_check_port: 'traffic-port',
      health_check_path: '/', health_check_interval_seconds: 30, health_check_timeout_seconds: 5, healthy_threshold_count: 5,
      unhealthy_threshold_count: 2, matcher: null, attributes: JSON.stringify(group.attributes), created_at: now,
    }).execute();
  }
  for (const row of state.listeners) {
    const mutual = row.mutual_authentication ? JSON.stringify(row.mutual_authentication) : null;
    await db.insertInto('listeners').values({ ...row, mutual_authentication: mutual, attributes: '{}', created_at: now }).execute();
  }
  for (const row of state.rules) {
    await db.insertInto('rules').values({
      ...row, conditions: JSON.stringify(row.conditions), actions: JSON.stringify(row.actions), transforms: row.transforms && JSON.stringify(row.transforms), created_at: now,
    }).execute();
  }
  for (const row of state.targets) await db.insertInto('targets').values({ ...row, registered_at: now }).execute();
}
