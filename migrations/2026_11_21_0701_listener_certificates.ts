import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // A listener's certificate list (AddListenerCertificates). The default certificate stays in
  // listeners.certificates; the list goes with its listener, as on AWS, by cascade.
  await db.schema
    .createTable('listener_certificates')
    .addColumn('listener_arn', 'text', (c) => c.notNull().references('listeners.arn').onDelete('cascade'))
    .addColumn('certificate_arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('listener_certificates_pkey', ['listener_arn', 'certificate_arn'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('listener_certificates').execute();
}
