import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely } from 'kysely';
import type { Database } from '../database/tables.js';
import { describeAction, describeCondition } from './describe-rule.js';
import type { RecentRequest, RecentRequests } from './recent-requests.js';

/** An account and a region: what the console shows at once, as the AWS console does. */
export interface Scope {
  account: string;
  region: string;
}

export interface ConsoleRule {
  /** 1 to 50,000, or `default` (evaluated last). */
  priority: number | 'default';
  conditions: string[];
  actions: string[];
}

export interface ConsoleListener {
  arn: string;
  protocol: string | null;
  port: number | null;
  /** In evaluation order. */
  rules: ConsoleRule[];
  /** The last requests it answered, oldest first (HTTP listeners served by this gateway). */
  requests: RecentRequest[];
}

export interface ConsoleLoadBalancer {
  arn: string;
  name: string;
  type: string;
  scheme: string;
  state: string;
  dnsName: string;
  listeners: ConsoleListener[];
}

export interface ConsoleTarget {
  id: string;
  port: number;
  state: string;
  reason: string | null;
  description: string | null;
  lastCheckedAt: string | null;
  latencyMs: number | null;
}

export interface ConsoleTargetGroup {
  arn: string;
  name: string;
  protocol: string | null;
  port: number | null;
  targetType: string;
  /** e.g. `HTTP /health every 5s`, or `off`. */
  healthCheck: string;
  targets: ConsoleTarget[];
}

export interface ConsoleState extends Scope {
  /** The routing version the rows were read with. */
  version: string;
  /** Every account and region that has a load balancer or target group, for the selector. */
  scopes: Scope[];
  loadBalancers: ConsoleLoadBalancer[];
  targetGroups: ConsoleTargetGroup[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * What the console shows for one account and region. One query per table, whatever the number
 * of resources (no query per load balancer), all in one REPEATABLE READ, read-only transaction,
 * so the rows and the version belong to one moment, as in route-table/load-state.ts.
 */
export function loadConsoleState(db: Kysely<Database>, scope: Scope, recent: RecentRequests | undefined): Promise<ConsoleState> {
  const { account, region } = scope;
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    // Sequential on purpose: one connection, and the first statement fixes the snapshot.
    const version = await trx.selectFrom('routing_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    const scopes = await trx.selectFrom('load_balancers').select(['account_id', 'region'])
      .union(trx.selectFrom('target_groups').select(['account_id', 'region']))
      .orderBy('account_id').orderBy('region').execute();
    const loadBalancers = await trx.selectFrom('load_balancers')
      .select(['arn', 'name', 'type', 'scheme', 'state', 'dns_name'])
      .where('account_id', '=', account).where('region', '=', region)
      .orderBy('name').execute();
    const listeners = await trx.selectFrom('listeners')
      .innerJoin('load_balancers as lb', 'lb.arn', 'listeners.load_balancer_arn')
      .select(['listeners.arn', 'listeners.load_balancer_arn', 'listeners.port', 'listeners.protocol'])
      .where('lb.account_id', '=', account).where('lb.region', '=', region)
      .orderBy('listeners.port').orderBy('listeners.arn').execute();
    const rules = await trx.selectFrom('rules')
      .innerJoin('listeners as l', 'l.arn', 'rules.listener_arn')
      .innerJoin('load_balancers as lb', 'lb.arn', 'l.load_balancer_arn')
      .select(['rules.arn', 'rules.listener_arn', 'rules.priority', 'rules.is_default', 'rules.conditions', 'rules.actions'])
      .where('lb.account_id', '=', account).where('lb.region', '=', region)
      .execute();
    const targetGroups = await trx.selectFrom('target_groups')
      .select(['arn', 'name', 'protocol', 'port', 'target_type', 'health_check_enabled', 'health_check_protocol', 'health_check_path', 'health_check_interval_seconds'])
      .where('account_id', '=', account).where('region', '=', region)
      .orderBy('name').execute();
    const targets = await trx.selectFrom('targets')
      .innerJoin('target_groups as tg', 'tg.arn', 'targets.target_group_arn')
      .select(['targets.target_group_arn', 'targets.id', 'targets.port', 'targets.state', 'targets.reason', 'targets.description', 'targets.last_checked_at', 'targets.last_check_ms'])
      .where('tg.account_id', '=', account).where('tg.region', '=', region)
      .orderBy('targets.id').orderBy('targets.port').execute();

    const groupNames = new Map(targetGroups.map((g) => [g.arn, g.name]));
    const listenersOf = groupBy(listeners, (l) => l.load_balancer_arn);
    const rulesOf = groupBy(rules, (r) => r.listener_arn);
    const targetsOf = groupBy(targets, (t) => t.target_group_arn);
    return {
      account,
      region,
      version: String(version.version),
      scopes: scopes.map((s) => ({ account: s.account_id, region: s.region })),
      loadBalancers: loadBalancers.map((lb) => ({
        arn: lb.arn,
        name: lb.name,
        type: lb.type,
        scheme: lb.scheme,
        state: lb.state,
        dnsName: lb.dns_name,
        listeners: (listenersOf.get(lb.arn) ?? []).map((l) => ({
          arn: l.arn,
          protocol: l.protocol,
          port: l.port,
          // ALB evaluation order: priority ascending, the default rule last.
          rules: [...(rulesOf.get(l.arn) ?? [])]
            .sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || byText(a.arn, b.arn))
            .map((r) => ({
              priority: r.is_default || r.priority === null ? 'default' as const : r.priority,
              conditions: (r.conditions as RuleCondition[]).map(describeCondition),
              actions: [...(r.actions as Action[])]
                .sort((a, b) => (a.Order ?? Infinity) - (b.Order ?? Infinity))
                .map((action) => describeAction(action, groupNames)),
            })),
          requests: recent?.of(l.arn) ?? [],
        })),
      })),
      targetGroups: targetGroups.map((g) => ({
        arn: g.arn,
        name: g.name,
        protocol: g.protocol,
        port: g.port,
        targetType: g.target_type,
        healthCheck: g.health_check_enabled
          ? `${g.health_check_protocol ?? ''} ${g.health_check_path ?? ''} every ${g.health_check_interval_seconds}s`.replace(/\s+/g, ' ').trim()
          : 'off',
        targets: (targetsOf.get(g.arn) ?? []).map((t) => ({
          id: t.id,
          port: t.port,
          state: t.state,
          reason: t.reason,
          description: t.description,
          lastCheckedAt: t.last_checked_at?.toISOString() ?? null,
          latencyMs: t.last_check_ms,
        })),
      })),
    };
  });
}
