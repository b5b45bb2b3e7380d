import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // The addresses a SubnetMapping asked for, by subnet id ({ "subnet-1": { "AllocationId": …,
  // "PrivateIPv4Address": …, "IPv6Address": … } }), echoed in AvailabilityZones[].LoadBalancerAddresses.
  await db.schema.alterTable('load_balancers')
    .addColumn('subnet_addresses', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  // IPAM pools (CreateLoadBalancer / ModifyIpPools): { "Ipv4IpamPoolId": … }, NULL when none.
  await db.schema.alterTable('load_balancers').addColumn('ipam_pools', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('load_balancers').dropColumn('ipam_pools').execute();
  await db.schema.alterTable('load_balancers').dropColumn('subnet_addresses').execute();
}
