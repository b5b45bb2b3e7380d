import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // How long the latest health check of a target took, in milliseconds, for the console; NULL
  // until the first check. AWS does not report it: DescribeTargetHealth never returns it.
  await db.schema.alterTable('targets').addColumn('last_check_ms', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('targets').dropColumn('last_check_ms').execute();
}
