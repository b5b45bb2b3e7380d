import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // SetSecurityGroups' EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic ('on' | 'off') of a
  // Network Load Balancer; NULL until set, which DescribeLoadBalancers answers as AWS's default 'on'.
  await db.schema
    .alterTable('load_balancers')
    .addColumn('enforce_security_group_inbound_rules_on_private_link_traffic', 'text')
    .execute();

  // A rule's Transforms (RuleTransform list, API reference): nested AWS shapes, so JSONB; NULL for none.
  await db.schema.alterTable('rules').addColumn('transforms', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rules').dropColumn('transforms').execute();
  await db.schema.alterTable('load_balancers').dropColumn('enforce_security_group_inbound_rules_on_private_link_traffic').execute();
}
