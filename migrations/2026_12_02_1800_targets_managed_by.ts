import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // Who registered a target: NULL for the RegisterTargets API (by hand), 'kubernetes' for the pod
  // reconciler. The reconciler only ever drains targets it registered itself, so targets
  // registered by hand in a pod-fed target group stay as they are.
  await db.schema.alterTable('targets').addColumn('managed_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('targets').dropColumn('managed_by').execute();
}
