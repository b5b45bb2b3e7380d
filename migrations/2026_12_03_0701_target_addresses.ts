import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // The address an instance target (`i-…`) resolved to when it was registered (its private IP, read
  // from EC2 on the upstream), so health checks and the data plane need no EC2 call. NULL: the
  // target's id is its address (ip targets), or nothing resolved it.
  await db.schema.alterTable('targets').addColumn('address', 'text').execute();
  // Each subnet's zone as EC2 reported it when the subnets were set: {"subnet-…": "us-east-1c"}.
  // NULL: no EC2 was asked, and zones follow the region's zones in order.
  await db.schema.alterTable('load_balancers').addColumn('subnet_zones', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('load_balancers').dropColumn('subnet_zones').execute();
  await db.schema.alterTable('targets').dropColumn('address').execute();
}
