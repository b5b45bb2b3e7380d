import type { Kysely } from 'kysely';
import type { Database } from '../../database/tables.js';
import type { RoutingState } from './compile.js';

/**
 * Reads everything the route table is compiled from, plus the routing version, in one
 * REPEATABLE READ, read-only transaction: every query sees the same snapshot (taken by the first
 * one), so a table is never built from a half-applied change, and the version read belongs to
 * exactly the rows read with it.
 */
export function loadRoutingState(db: Kysely<Database>): Promise<RoutingState> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    // Sequential on purpose: one connection, and the first statement fixes the snapshot.
    const version = await trx.selectFrom('routing_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    const loadBalancers = await trx.selectFrom('load_balancers')
      .select(['arn', 'name', 'type', 'dns_name', 'attributes', 'created_at']).execute();
    const listeners = await trx.selectFrom('listeners')
      .select(['arn', 'load_balancer_arn', 'port', 'protocol']).execute();
    const rules = await trx.selectFrom('rules')
      .select(['arn', 'listener_arn', 'priority', 'is_default', 'conditions', 'actions']).execute();
    const targetGroups = await trx.selectFrom('target_groups')
      .select(['arn', 'name', 'protocol', 'attributes']).execute();
    const targets = await trx.selectFrom('targets')
      .select(['target_group_arn', 'id', 'port', 'state']).execute();
    const listenerTls = await trx.selectFrom('listeners')
      .select(['arn', 'ssl_policy', 'certificates', 'alpn_policy']).where('protocol', 'in', ['HTTPS', 'TLS']).execute();
    const listenerCertificates = await trx.selectFrom('listener_certificates')
      .select(['listener_arn', 'certificate_arn', 'created_at']).execute();
    return { version: String(version.version), loadBalancers, listeners, rules, targetGroups, targets, listenerTls, listenerCertificates };
  });
}
