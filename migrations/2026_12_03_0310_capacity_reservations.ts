import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // A load balancer's LCU reservation (ModifyCapacityReservation), one row per load balancer that
  // has had one; it goes with its load balancer. `capacity_units` NULL: reset, no reservation.
  // A request is pending until `requested_at` plus the provisioning delay, then provisioned.
  // Decreases are counted per UTC day (`decrease_day`), two allowed a day on AWS.
  await db.schema
    .createTable('capacity_reservations')
    .addColumn('load_balancer_arn', 'text', (c) => c.primaryKey().references('load_balancers.arn').onDelete('cascade'))
    .addColumn('capacity_units', 'integer')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decrease_day', 'text')
    .addColumn('decreases', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('capacity_reservations').execute();
}
