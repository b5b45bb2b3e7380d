import type { Action, Certificate, Listener, MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import type { Database, Db, ListenerRow, RuleRow } from '../../../gateway/database/tables.js';
import { echoActions } from './actions.js';
import { loadBalancerArnOf } from './arn.js';
import { listenerNotFound } from './errors.js';
import type { ListenerColumns } from './listener-settings.js';
import { arnLookup } from './lookup.js';

/** ALB and NLB quotas "Listeners per load balancer". */
export const MAX_LISTENERS_PER_LOAD_BALANCER = 50;

/** Listeners by ARN, in the order asked; any unknown one is `ListenerNotFound`. */
export const { one: getListener, many: getListeners } = arnLookup('listeners', 'listener', listenerNotFound);

/** The listeners of a load balancer, oldest first (the order DescribeListeners pages in). */
export function listListenersOf(db: Db, loadBalancerArn: string): Promise<ListenerRow[]> {
  return db.selectFrom('listeners').selectAll().where('load_balancer_arn', '=', loadBalancerArn).orderBy('created_at').orderBy('arn').execute();
}

/**
 * Locks the load balancer a listener or rule belongs to. Writes that add target group links or
 * move rules take it first, as CreateListener, CreateRule and DeleteLoadBalancer do, so they
 * queue on one row instead of deadlocking on the share locks their foreign keys take.
 * `childArn` must already be checked (`getListener`, `getRule`).
 */
export async function lockLoadBalancerOf(trx: Transaction<Database>, childArn: string): Promise<void> {
  await trx.selectFrom('load_balancers').select('arn').where('arn', '=', loadBalancerArnOf(childArn)).forUpdate().execute();
}

/** The listener on a port of a load balancer, if any. */
export function findListenerOnPort(db: Db, loadBalancerArn: string, port: number): Promise<ListenerRow | undefined> {
  return db.selectFrom('listeners').selectAll().where('load_balancer_arn', '=', loadBalancerArn).where('port', '=', port).executeTakeFirst();
}

/** The default rule of each listener: it holds the listener's default actions. */
export async function defaultRulesOf(db: Db, listenerArns: readonly string[]): Promise<Map<string, RuleRow>> {
  if (listenerArns.length === 0) return new Map();
  const rows = await db.selectFrom('rules').selectAll().where('listener_arn', 'in', listenerArns).where('is_default', '=', true).execute();
  return new Map(rows.map((row) => [row.listener_arn, row]));
}

/** The settings columns of a row, shaped like `checkListenerSettings` returns them. */
export function columnsOf(row: ListenerRow): ListenerColumns {
  return {
    protocol: row.protocol,
    port: row.port,
    ssl_policy: row.ssl_policy,
    certificates: row.certificates as Certificate[] | null,
    alpn_policy: row.alpn_policy,
    mutual_authentication: row.mutual_authentication as MutualAuthenticationAttributes | null,
  };
}

/** Checked settings as column values to write: the JSONB columns take JSON text. */
export function columnValues(columns: ListenerColumns) {
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return {
    port: columns.port,
    protocol: columns.protocol,
    ssl_policy: columns.ssl_policy,
    certificates: json(columns.certificates),
    alpn_policy: json(columns.alpn_policy),
    mutual_authentication: json(columns.mutual_authentication),
  };
}

/** A row and its default rule as the API's `Listener`. */
export function toListener(row: ListenerRow, defaultRule: RuleRow): Listener {
  const columns = columnsOf(row);
  return {
    ListenerArn: row.arn,
    LoadBalancerArn: row.load_balancer_arn,
    Port: columns.port ?? undefined,
    Protocol: (columns.protocol ?? undefined) as Listener['Protocol'],
    Certificates: columns.certificates ?? undefined,
    SslPolicy: columns.ssl_policy ?? undefined,
    DefaultActions: echoActions(defaultRule.actions as Action[]),
    AlpnPolicy: columns.alpn_policy ?? undefined,
    MutualAuthentication: columns.mutual_authentication ?? undefined,
  };
}

/** Rows as `Listener`s, with their default actions read in one query. */
export async function describeListeners(db: Db, rows: readonly ListenerRow[]): Promise<Listener[]> {
  const defaults = await defaultRulesOf(db, rows.map((row) => row.arn));
  return rows.map((row) => toListener(row, defaults.get(row.arn)!));
}
